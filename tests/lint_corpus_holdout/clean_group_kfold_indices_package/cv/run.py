import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from .folds import patient_folds


def cross_validate(X, y, groups):
    aucs = []
    for train_idx, test_idx in patient_folds(y, groups):
        model = LogisticRegression(max_iter=1000).fit(X[train_idx], y[train_idx])
        aucs.append(roc_auc_score(y[test_idx], model.predict_proba(X[test_idx])[:, 1]))
    return float(np.mean(aucs))
