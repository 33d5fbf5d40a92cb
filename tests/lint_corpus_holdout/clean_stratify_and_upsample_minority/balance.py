import numpy as np
from sklearn.utils import resample


def upsample_minority(X, y, seed=0):
    X_min, X_maj = X[y == 1], X[y == 0]
    X_up = resample(X_min, n_samples=len(X_maj), replace=True, random_state=seed)
    X_bal = np.vstack([X_maj, X_up])
    y_bal = np.concatenate([np.zeros(len(X_maj)), np.ones(len(X_up))])
    return X_bal, y_bal
