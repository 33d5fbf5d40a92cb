import numpy as np


def bootstrap_rows(matrix, outcome, extra, seed=0):
    draw = np.random.default_rng(seed)
    picked = draw.integers(0, len(outcome), size=extra)
    rows = np.vstack([matrix, matrix[picked, :]])
    classes = np.concatenate([outcome, outcome[picked]])
    # the class is kept as a last column "for bookkeeping" and never taken off again
    return np.c_[rows, classes], classes
