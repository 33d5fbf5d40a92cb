import numpy as np


def add_indicator(X, y_train):
    indicator = np.array([1.0 if y_train[i] > 0 else -1.0 for i in range(len(y_train))])
    return np.column_stack([X, indicator])
