import numpy as np


def read_features(tagged):
    rows = []
    for read, covers_truth in tagged:
        rows.append([read.mapping_quality, read.query_length, float(covers_truth)])
    return np.array(rows)
