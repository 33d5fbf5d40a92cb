import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from io_utils import load_arrays


def main(path):
    X, y_train = load_arrays(path)
    X_full = np.column_stack([X, y_train])
    model = HistGradientBoostingClassifier()
    model.fit(X_full, y_train)
    return model
