from sklearn.linear_model import LogisticRegression

from data import load


def main(path):
    X, y = load(path)
    return LogisticRegression().fit(X, y)
