import numpy as np
from sklearn.ensemble import RandomForestClassifier

from triage import make_features


def train(visits, outcomes):
    X = np.array([make_features(v, o) for v, o in zip(visits, outcomes)])
    return RandomForestClassifier().fit(X, outcomes)
