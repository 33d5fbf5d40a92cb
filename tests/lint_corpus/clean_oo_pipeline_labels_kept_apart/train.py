from sklearn.linear_model import LogisticRegression

from builder import MatrixBuilder


def train(records, labels):
    X, y = MatrixBuilder(records).with_labels(labels).build()
    return LogisticRegression().fit(X, y)
