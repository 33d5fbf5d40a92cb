import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin


class HistoryAppender(BaseEstimator, TransformerMixin):
    """Appends the previous outcome of each row as a feature."""

    def fit(self, X, y=None):
        self.history_ = np.asarray(y, dtype=float)
        return self

    def transform(self, X):
        return np.column_stack([np.asarray(X, dtype=float), self.history_[: len(X)]])
