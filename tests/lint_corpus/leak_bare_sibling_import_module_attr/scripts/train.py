import features
from sklearn.linear_model import LogisticRegression


def main(stats, labels):
    rows = [features.make_features(s, l) for s, l in zip(stats, labels)]
    return LogisticRegression().fit(rows, labels)
