import numpy as np
from sklearn.svm import LinearSVC

from tiles import tile_features


def fit(images, y):
    X = np.array([tile_features(img) for img in images])
    return LinearSVC().fit(X, y)
