import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

X, y = load_digits(return_X_y=True)
accuracies = []
for fit_idx, val_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(X):
    scaler = StandardScaler().fit(X[fit_idx])
    model = LogisticRegression(max_iter=3000).fit(scaler.transform(X[fit_idx]), y[fit_idx])
    accuracies.append(model.score(scaler.transform(X[val_idx]), y[val_idx]))
print(np.mean(accuracies))
