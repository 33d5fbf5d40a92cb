import numpy as np


def prevalence_threshold(y_train):
    return float(np.quantile(np.asarray(y_train, dtype=float), 0.5))


def decide(model, X_test, y_train):
    y_prob = model.predict_proba(X_test)[:, 1]
    return y_prob > prevalence_threshold(y_train)
