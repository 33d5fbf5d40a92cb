from sklearn.ensemble import GradientBoostingClassifier
from sklearn.svm import SVC

from weights import balanced_weights


def train(X, y):
    class_weight, sample_weight = balanced_weights(y)
    svc = SVC(class_weight=class_weight).fit(X, y)
    gbm = GradientBoostingClassifier().fit(X, y, sample_weight=sample_weight)
    return svc, gbm
