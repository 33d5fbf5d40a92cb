import numpy as np
from sklearn.ensemble import RandomForestClassifier


def self_train(X_lab, y_lab, X_unlab, rounds=3, confidence=0.95):
    model = RandomForestClassifier(n_estimators=300).fit(X_lab, y_lab)
    for _ in range(rounds):
        proba = model.predict_proba(X_unlab)
        sure = proba.max(axis=1) >= confidence
        if not sure.any():
            break
        X_lab = np.vstack([X_lab, X_unlab[sure]])
        y_lab = np.concatenate([y_lab, proba[sure].argmax(axis=1)])
        X_unlab = X_unlab[~sure]
        model = RandomForestClassifier(n_estimators=300).fit(X_lab, y_lab)
    return model
