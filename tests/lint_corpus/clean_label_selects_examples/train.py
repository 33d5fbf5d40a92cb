import numpy as np
from sklearn.linear_model import LogisticRegression

from sampling import balanced


def features_of(rec):
    return [rec.depth, rec.alt_freq, rec.mapq]


def train(records, is_var):
    positives, negatives = balanced(records, is_var)
    X = np.array([features_of(r) for r in positives + negatives])
    y = np.array([1] * len(positives) + [0] * len(negatives))
    return LogisticRegression().fit(X, y)
