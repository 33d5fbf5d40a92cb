import numpy as np
from imblearn.over_sampling import RandomOverSampler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

X, y = np.load("X.npy"), np.load("y.npy")
f1s = []
for tr, te in StratifiedKFold(n_splits=4).split(X, y):
    X_tr, y_tr = RandomOverSampler().fit_resample(X[tr], y[tr])
    clf = LogisticRegression().fit(X_tr, y_tr)
    f1s.append(f1_score(y[te], clf.predict(X[te])))
print(np.mean(f1s))
