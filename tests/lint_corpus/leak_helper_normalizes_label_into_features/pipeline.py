import numpy as np
from sklearn.linear_model import Ridge

from norm import zscore


def fit(expression, survival_days):
    targets = zscore(survival_days)
    features = np.hstack([zscore(expression), targets[:, None]])
    return Ridge().fit(features, targets)
