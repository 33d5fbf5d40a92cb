import numpy as np


def tile_features(image, size=16):
    bands = np.array_split(image, max(image.shape[0] // size, 1), axis=0)
    feats = []
    for y, band in enumerate(bands):
        for x in range(0, band.shape[1], size):
            tile = band[:, x:x + size]
            feats.extend([tile.mean(), tile.std(), y / len(bands)])
    return np.asarray(feats)
