from sklearn.linear_model import LogisticRegression

from builder import MatrixBuilder


def train(records, labels):
    builder = MatrixBuilder(records).with_labels(labels)
    X = builder.build()
    return LogisticRegression().fit(X, labels)
