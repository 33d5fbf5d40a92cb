import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_curve, roc_auc_score


def pick_threshold(y_val, p_val):
    precision, recall, thresholds = precision_recall_curve(y_val, p_val)
    f1 = 2 * precision * recall / np.clip(precision + recall, 1e-9, None)
    return thresholds[np.argmax(f1[:-1])]


def report(model, X_val, y_val, X_test, y_test):
    p_val = model.predict_proba(X_val)[:, 1]
    thr = pick_threshold(y_val, p_val)
    p_test = model.predict_proba(X_test)[:, 1]
    y_hat = (p_test >= thr).astype(int)
    return {"auroc": roc_auc_score(y_test, p_test), "cm": confusion_matrix(y_test, y_hat).tolist()}
