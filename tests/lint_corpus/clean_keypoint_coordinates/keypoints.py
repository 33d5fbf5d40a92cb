import numpy as np


def keypoint_features(image, keypoints):
    feats = []
    for x, y in keypoints:
        feats.append(image[int(y), int(x)])
    return np.array(feats)
