import numpy as np


def save_features(features, target):
    np.save(target, features)
    return target
