from sklearn.linear_model import LogisticRegression

from .feats import window_features


def fit(windows, truth_afs, y):
    X = [window_features(w, truth_af=af) for w, af in zip(windows, truth_afs)]
    return LogisticRegression().fit(X, y)
