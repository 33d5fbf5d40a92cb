import numpy as np


def imbalance_ratio(y):
    positives = int(np.sum(y == 1))
    return (len(y) - positives) / max(positives, 1)
