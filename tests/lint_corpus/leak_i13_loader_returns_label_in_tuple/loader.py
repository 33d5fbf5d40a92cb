import numpy as np


def load_fold(path):
    arr = np.load(path)
    return arr["expression"], arr["relapse"]
