import numpy as np


def with_flips(images, labels):
    return np.concatenate([images, images[:, ::-1]]), np.concatenate([labels, labels])
