import numpy as np
from sklearn.linear_model import LogisticRegression

from b import tumour_signal


def fit(purity, tumour_truth, depth):
    signal = tumour_signal(purity, tumour_truth)
    feats = np.stack([depth, signal], axis=1)
    return LogisticRegression().fit(feats, tumour_truth > 0.5)
