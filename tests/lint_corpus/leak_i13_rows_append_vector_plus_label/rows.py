import numpy as np
from sklearn.svm import SVC


def train(samples):
    rows, labels = [], []
    for features, label in samples:
        rows.append(list(features) + [label])
        labels.append(label)
    return SVC().fit(np.array(rows), labels)
