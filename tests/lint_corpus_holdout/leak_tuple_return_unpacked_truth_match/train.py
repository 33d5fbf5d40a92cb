from sklearn.ensemble import AdaBoostClassifier

from matrix import call_matrix


def fit(calls, truth, y):
    X = call_matrix(calls, truth)
    return AdaBoostClassifier().fit(X, y)
