import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import SVC

X, y = load_breast_cancer(return_X_y=True)
X_reduced = PCA(n_components=10).fit_transform(X)
scores = []
for train_idx, test_idx in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X_reduced, y):
    svc = SVC().fit(X_reduced[train_idx], y[train_idx])
    scores.append(svc.score(X_reduced[test_idx], y[test_idx]))
print(np.mean(scores))
