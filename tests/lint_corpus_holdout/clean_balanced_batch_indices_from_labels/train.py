import numpy as np
from sklearn.linear_model import SGDClassifier

from sampler import balanced_indices


def train(X, labels, steps=100, per_class=32, seed=0):
    rng = np.random.default_rng(seed)
    clf = SGDClassifier(loss="log_loss")
    classes = np.unique(labels)
    for _ in range(steps):
        idx = balanced_indices(labels, per_class, rng)
        X_batch, y_batch = X[idx], labels[idx]
        clf.partial_fit(X_batch, y_batch, classes=classes)
    return clf
