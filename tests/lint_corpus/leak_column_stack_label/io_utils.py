import numpy as np


def load_arrays(path):
    data = np.load(path)
    return data["X"], data["y"]
