import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict


def stack(base_models, X, y, X_test):
    oof = np.column_stack(
        [cross_val_predict(m, X, y, cv=5, method="predict_proba")[:, 1] for m in base_models]
    )
    y_prob_test = np.column_stack([m.fit(X, y).predict_proba(X_test)[:, 1] for m in base_models])
    meta = LogisticRegression().fit(oof, y)
    return meta.predict_proba(y_prob_test)[:, 1]
