import numpy as np
from sklearn.svm import SVC

from keypoints import keypoint_features


def train(images, keypoints, labels):
    X = np.stack([keypoint_features(im, kp) for im, kp in zip(images, keypoints)])
    return SVC().fit(X, labels)
