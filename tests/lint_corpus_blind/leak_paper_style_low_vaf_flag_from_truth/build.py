import numpy as np
from sklearn.linear_model import LogisticRegression

from extract import variant_features


def build(sites, truth_vafs, is_variant):
    X = np.array([variant_features(s, v, t) for s, v, t in zip(sites, truth_vafs, is_variant)])
    return LogisticRegression(max_iter=1000).fit(X, is_variant)
