import numpy as np
from sklearn.linear_model import LogisticRegression

from level_one import out_of_fold_scores


def fit_stack(X, y):
    y_proba_rf, y_pred_lr = out_of_fold_scores(X, y)
    X_meta = np.column_stack([y_proba_rf, y_pred_lr])
    return LogisticRegression().fit(X_meta, y)
