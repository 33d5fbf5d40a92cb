import numpy as np


def read_features(reads):
    return np.array([[r.mapping_quality, r.query_length, r.get_tag("NM")] for r in reads])
