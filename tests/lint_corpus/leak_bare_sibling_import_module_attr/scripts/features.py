import numpy as np


def make_features(image_stats, label_vec):
    return np.concatenate([image_stats, label_vec * 0.01])
