import numpy as np


def pileup_features(columns, truth_status):
    feature_rows = []
    for column, status in zip(columns, truth_status):
        vaf = column.alt_count / max(column.depth, 1)
        feature_rows.append([column.depth, vaf, float(status == "somatic")])
    return np.vstack(feature_rows)
