import numpy as np


def pileup_features(columns, truth_status):
    feature_rows, targets = [], []
    for column, status in zip(columns, truth_status):
        vaf = column.alt_count / max(column.depth, 1)
        feature_rows.append([column.depth, vaf, float(column.strand_bias > 0.9)])
        targets.append(float(status == "somatic"))
    return np.vstack(feature_rows), np.asarray(targets)
