import numpy as np
from imblearn.over_sampling import ADASYN
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from xgboost import XGBClassifier

X = np.load("features.npy")
y = np.load("labels.npy")
X, y = ADASYN(random_state=42).fit_resample(X, y)
f1s = []
for tr, va in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
    booster = XGBClassifier(n_estimators=300).fit(X[tr], y[tr])
    f1s.append(f1_score(y[va], booster.predict(X[va])))
print(np.mean(f1s))
