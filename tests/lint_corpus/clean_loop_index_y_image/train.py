import numpy as np
from sklearn.svm import SVC

from img_features import patch_features


def train(images, labels):
    X = np.stack([patch_features(im) for im in images])
    return SVC().fit(X, labels)
