import numpy as np
from sklearn.linear_model import SGDClassifier

from extract import pileup_features


def run(columns, genotypes):
    X = np.array([pileup_features(c, g) for c, g in zip(columns, genotypes)])
    y = (np.asarray(genotypes) > 0).astype(int)
    return SGDClassifier().fit(X, y)
