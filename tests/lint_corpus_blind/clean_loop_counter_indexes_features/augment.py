import numpy as np
from sklearn.neighbors import KNeighborsClassifier


def jitter(X, y, copies=3, seed=0):
    rng = np.random.default_rng(seed)
    n = len(y)
    X_aug = np.empty((n * copies, X.shape[1]))
    y_aug = np.empty(n * copies, dtype=y.dtype)
    for i in range(n):
        for k in range(copies):
            X_aug[i * copies + k] = X[i] + rng.normal(0, 0.01, X.shape[1])
            y_aug[i * copies + k] = y[i]
    return X_aug, y_aug


def fit(X, y):
    X_aug, y_aug = jitter(X, y)
    return KNeighborsClassifier(7).fit(X_aug, y_aug)
