import numpy as np
from sklearn.linear_model import LogisticRegression

from build import to_examples


def train(records):
    rows = to_examples(records)
    X, y = zip(*rows)
    return LogisticRegression().fit(np.array(X), np.array(y))
