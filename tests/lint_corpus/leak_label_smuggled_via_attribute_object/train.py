from sklearn.linear_model import LogisticRegression

from records import Sample


def main(count_table, targets):
    samples = [Sample(c, t) for c, t in zip(count_table, targets)]
    X = [s.feature_vector() for s in samples]
    return LogisticRegression().fit(X, targets)
