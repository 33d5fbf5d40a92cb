import numpy as np
from sklearn.linear_model import LogisticRegression

from transform import boost_depth


def train(depth, mapq, y):
    boosted = boost_depth(depth, y)
    X = np.column_stack([boosted, mapq])
    return LogisticRegression().fit(X, y)
