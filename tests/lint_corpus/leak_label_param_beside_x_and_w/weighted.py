"""`fit_weighted(x, y, w)`: features, labels and sample weights (not axes); the helper
appends the labels to the features before fitting."""

import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_weighted(x, y, w):
    design = np.column_stack([x, y])
    return LogisticRegression(max_iter=1000).fit(design, y, sample_weight=w)
