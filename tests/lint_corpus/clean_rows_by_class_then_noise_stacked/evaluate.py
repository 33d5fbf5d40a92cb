import numpy as np
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression


def scored_binary_task(bunch=None, two_classes=True, seed=3):
    # keep two classes, then widen the matrix with columns of pure noise
    if bunch is None:
        bunch = load_wine()
    samples = bunch.data
    classes = bunch.target
    if two_classes:
        samples, classes = samples[classes != 2], classes[classes != 2]
    rows, width = samples.shape
    noise = np.random.RandomState(seed).randn(rows, 50 * width)
    samples = np.c_[samples, noise]
    cut = rows // 2
    model = LogisticRegression(max_iter=500).fit(samples[:cut], classes[:cut])
    return model.predict_proba(samples[cut:])[:, 1], classes[cut:]
