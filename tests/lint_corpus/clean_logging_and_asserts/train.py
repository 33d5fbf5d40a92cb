from sklearn.linear_model import LogisticRegression

from checks import check_labels


def train(X, labels):
    check_labels(labels)
    return LogisticRegression().fit(X, labels)
