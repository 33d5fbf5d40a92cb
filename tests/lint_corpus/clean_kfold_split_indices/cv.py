import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold


def cross_validate_auc(make_model, X, y, folds=5):
    aucs = []
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=0).split(X, y):
        model = make_model().fit(X[train_idx], y[train_idx])
        aucs.append(roc_auc_score(y[test_idx], model.predict_proba(X[test_idx])[:, 1]))
    return float(np.mean(aucs))
