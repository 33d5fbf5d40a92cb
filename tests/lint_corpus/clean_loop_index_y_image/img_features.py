import numpy as np


def patch_features(image, step=4):
    h, w = image.shape
    feats = []
    for y in range(0, h, step):
        for x in range(0, w, step):
            feats.append(image[y, x])
    return np.array(feats)
