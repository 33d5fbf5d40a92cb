import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedGroupKFold


def cross_validate(X, y, patient_ids, folds=5):
    scores = []
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    for train_idx, test_idx in cv.split(X, y, groups=patient_ids):
        model = RandomForestClassifier(n_estimators=300).fit(X[train_idx], y[train_idx])
        scores.append(balanced_accuracy_score(y[test_idx], model.predict(X[test_idx])))
    return float(np.mean(scores))
