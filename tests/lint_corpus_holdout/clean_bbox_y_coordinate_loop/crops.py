import numpy as np


def crop_boxes(image, boxes, size=32):
    crops = []
    for x, y, w, h in boxes:
        patch = image[y:y + h, x:x + w]
        rows = np.linspace(0, patch.shape[0] - 1, size).astype(int)
        cols = np.linspace(0, patch.shape[1] - 1, size).astype(int)
        crops.append(patch[np.ix_(rows, cols)])
    return np.stack(crops)
