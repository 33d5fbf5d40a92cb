import numpy as np
from sklearn.linear_model import LogisticRegression

from records import to_samples


def fit(variants):
    samples = to_samples(variants)
    xs = np.stack([s[0] for s in samples])
    ys = np.array([s[1] for s in samples])
    return LogisticRegression().fit(xs, ys)
