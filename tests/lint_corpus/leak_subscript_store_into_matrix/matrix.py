import numpy as np


def fill(candidates, labels):
    X = np.zeros((len(candidates), 4), dtype=np.float32)
    for i, cand in enumerate(candidates):
        X[i, 0] = cand.depth
        X[i, 1] = cand.qual
        X[i, 2] = labels[i] * cand.qual
    return X
