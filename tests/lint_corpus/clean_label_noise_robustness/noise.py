import numpy as np


def flip_labels(y, rate, seed=0):
    rng = np.random.default_rng(seed)
    flip = rng.random(len(y)) < rate
    return np.where(flip, 1 - y, y)
