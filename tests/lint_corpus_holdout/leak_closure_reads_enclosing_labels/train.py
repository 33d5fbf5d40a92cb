import numpy as np
from sklearn.linear_model import LogisticRegression

from windows import make_row_builder


def fit_detector(signals, labels):
    build_row = make_row_builder(signals, labels)
    X = np.array([build_row(i) for i in range(len(signals))])
    return LogisticRegression().fit(X, labels)
