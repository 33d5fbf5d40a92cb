import numpy as np
from sklearn.naive_bayes import GaussianNB

from partition import split_by_class


def fit(vectors, labels, keep_negatives=5000):
    positives, negatives = split_by_class(vectors, labels)
    negatives = negatives[:keep_negatives]
    X = np.vstack(positives + negatives)
    y = np.array([1] * len(positives) + [0] * len(negatives))
    return GaussianNB().fit(X, y)
