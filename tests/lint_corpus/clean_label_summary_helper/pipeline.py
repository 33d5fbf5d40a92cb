import json

from sklearn.linear_model import LogisticRegression

from summary import describe_labels


def compute_features(samples):
    return [[s.age, s.heart_rate] for s in samples]


def main(samples, labels, report_path):
    with open(report_path, "w") as fh:
        json.dump(describe_labels(labels), fh)
    X = compute_features(samples)
    return LogisticRegression().fit(X, labels)
