import numpy as np


def tile_means(image, size=16):
    h, w = image.shape[:2]
    out = []
    for y in range(0, h - size + 1, size):
        for x in range(0, w - size + 1, size):
            out.append(image[y : y + size, x : x + size].mean())
    return np.array(out)
