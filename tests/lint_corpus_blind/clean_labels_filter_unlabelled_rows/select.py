import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_labelled(X, labels):
    keep = labels >= 0
    X, labels = X[keep], labels[keep]
    pos = np.flatnonzero(labels == 1)
    neg = np.flatnonzero(labels == 0)
    rng = np.random.default_rng(0)
    idx = np.concatenate([pos, rng.choice(neg, size=min(len(neg), 3 * len(pos)), replace=False)])
    return LogisticRegression().fit(X[idx], labels[idx])
