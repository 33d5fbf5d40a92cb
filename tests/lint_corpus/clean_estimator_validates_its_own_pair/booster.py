"""A scikit-learn-style wrapper validates its inputs with a library helper that takes the
estimator first and options last, and hands back the checked (X, y): X stays the features."""

from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.validation import validate_data


class StumpEnsemble(ClassifierMixin, BaseEstimator):
    def __init__(self, n_stumps=10):
        self.n_stumps = n_stumps

    def fit(self, X, y):
        X, y = validate_data(self, X=X, y=y, reset=True)
        self.stumps_ = [DecisionTreeClassifier(max_depth=1).fit(X, y) for _ in range(self.n_stumps)]
        return self

    def predict(self, X):
        X = validate_data(self, X=X, reset=False)
        return self.stumps_[0].predict(X)
