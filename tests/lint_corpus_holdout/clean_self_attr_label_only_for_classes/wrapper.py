import logging

import numpy as np
from sklearn.preprocessing import StandardScaler

log = logging.getLogger(__name__)


class ScaledClassifier:
    def __init__(self, estimator):
        self.estimator = estimator
        self.scaler = StandardScaler()

    def fit(self, X, y):
        assert len(X) == len(y), "features and labels differ in length"
        self.classes_ = np.unique(y)
        log.info("training on %d rows, positive rate %.3f", len(y), float(np.mean(y == self.classes_[-1])))
        self.estimator.fit(self.scaler.fit_transform(X), y)
        return self

    def predict(self, X):
        return self.estimator.predict(self.scaler.transform(X))

    def predict_proba(self, X):
        return self.estimator.predict_proba(self.scaler.transform(X))
