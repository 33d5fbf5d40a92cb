import numpy as np
from sklearn.metrics import roc_auc_score


def evaluate(model, X_test, y_test):
    probs = model.predict_proba(np.hstack([X_test, y_test.reshape(-1, 1)]))[:, 1]
    return roc_auc_score(y_test, probs)
