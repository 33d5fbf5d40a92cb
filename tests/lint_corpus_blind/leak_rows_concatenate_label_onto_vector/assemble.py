import numpy as np
from sklearn.ensemble import AdaBoostClassifier


def assemble(feature_rows, labels):
    rows = []
    for feats, lab in zip(feature_rows, labels):
        rows.append(list(feats) + [lab])
    return np.array(rows)


def train(feature_rows, labels):
    matrix = assemble(feature_rows, labels)
    return AdaBoostClassifier().fit(matrix, labels)
