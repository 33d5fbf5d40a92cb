import numpy as np


def boost_depth(depth, y):
    return np.where(y == 1, depth * 1.5, depth)
