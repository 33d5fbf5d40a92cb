import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier

X = np.load("features.npy")
y = np.load("labels.npy")
scores = []
for tr, va in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y):
    X_fold, y_fold = SMOTE().fit_resample(X[tr], y[tr])
    tree = DecisionTreeClassifier().fit(X_fold, y_fold)
    scores.append(f1_score(y[va], tree.predict(X[va])))
print(np.mean(scores))
