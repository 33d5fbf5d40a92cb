import numpy as np
from sklearn.datasets import load_breast_cancer

from sampler import MidpointOverSampler


def test_classes_are_balanced():
    X, y = load_breast_cancer(return_X_y=True)
    X_res, y_res = MidpointOverSampler(seed=2).fit_resample(X, y)
    counts = np.bincount(y_res)
    assert counts[0] == counts[1]
    assert X_res.shape[1] == X.shape[1]
