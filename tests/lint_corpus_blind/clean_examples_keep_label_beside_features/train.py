import numpy as np
from sklearn.ensemble import RandomForestClassifier

from examples import make_examples


def train(calls, truth_sites):
    examples = make_examples(calls, truth_sites)
    X = np.array([f for f, _ in examples])
    y = np.array([lab for _, lab in examples])
    return RandomForestClassifier(n_estimators=500).fit(X, y)
