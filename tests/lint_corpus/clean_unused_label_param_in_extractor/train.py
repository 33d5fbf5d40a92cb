from sklearn.linear_model import LogisticRegression

from features import extract_features


def train(groups, labels):
    X = [extract_features(g, label=lab) for g, lab in zip(groups, labels)]
    return LogisticRegression().fit(X, labels)
