import numpy as np
from sklearn.linear_model import LogisticRegression

from io_paths import load_cohort


def main(root):
    tumor = load_cohort(root, label="tumor")
    normal = load_cohort(root, label="normal")
    X = np.vstack([tumor.to_numpy(), normal.to_numpy()])
    y = np.array([1] * len(tumor) + [0] * len(normal))
    return LogisticRegression().fit(X, y)
