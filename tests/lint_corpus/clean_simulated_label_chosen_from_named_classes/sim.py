# A simulation: relevance grades drawn by a RandomState from a range of grades, and the
# features are generated from it on purpose (its ground truth, not an observed label).
import numpy as np
from sklearn.linear_model import LogisticRegression


def simulate(n, seed=0):
    rng = np.random.RandomState(seed)
    grades = range(3)
    y = np.empty((0,), dtype=int)
    while len(y) < n:
        y = np.append(y, rng.choice(grades, size=10))
    y = y[:n]
    X = rng.normal(size=(n, 3))
    X[:, 0] += 0.5 * y
    return X, y


X, y = simulate(500)
print(LogisticRegression().fit(X, y).score(X, y))
