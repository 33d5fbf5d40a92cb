import numpy as np
from sklearn.linear_model import LogisticRegression


def toy_problem(n=500, seed=0):
    # a simulation: the label is drawn first and the features are generated from it
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < 0.3).astype(int)
    shift = labels[:, None] * np.linspace(0.2, 1.0, 8)
    return rng.normal(size=(n, 8)) + shift, labels


def check_the_model_learns():
    features, labels = toy_problem()
    model = LogisticRegression().fit(features[:400], labels[:400])
    assert model.score(features[400:], labels[400:]) > 0.7
