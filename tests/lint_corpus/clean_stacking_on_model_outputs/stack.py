import numpy as np
from sklearn.linear_model import LogisticRegression


def meta_features(base_models, X):
    y_prob = np.column_stack([m.predict_proba(X)[:, 1] for m in base_models])
    y_pred = (y_prob > 0.5).astype(int)
    return np.hstack([y_prob, y_pred])


def fit_meta(base_models, X_holdout, y_holdout):
    meta_X = meta_features(base_models, X_holdout)
    return LogisticRegression().fit(meta_X, y_holdout)
