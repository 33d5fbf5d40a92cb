from sklearn.svm import LinearSVC

from features import sample_features
from registry import sample_labels


def fit(expr_by_sample):
    ids = sorted(expr_by_sample)
    X = [sample_features(i, expr_by_sample[i]) for i in ids]
    return LinearSVC().fit(X, [sample_labels[i] for i in ids])
