import numpy as np
from sklearn.linear_model import LogisticRegression


def self_train(X_lab, y_lab, X_unlab, rounds=3):
    model = LogisticRegression().fit(X_lab, y_lab)
    for _ in range(rounds):
        pseudo_labels = model.predict(X_unlab)
        X_all = np.vstack([X_lab, X_unlab])
        y_all = np.concatenate([y_lab, pseudo_labels])
        model = LogisticRegression().fit(X_all, y_all)
    return model
