import numpy as np
from sklearn.naive_bayes import GaussianNB

from vectorize import vectorize


def fit(records):
    X = np.array([vectorize(r) for r in records])
    y = np.array([r.label for r in records])
    return GaussianNB().fit(X, y)
