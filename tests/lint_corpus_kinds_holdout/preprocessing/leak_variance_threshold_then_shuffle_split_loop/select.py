import numpy as np
from sklearn.feature_selection import VarianceThreshold
from sklearn.model_selection import ShuffleSplit
from sklearn.linear_model import Ridge

X = np.load("expr.npy")
y = np.load("age.npy")
X = VarianceThreshold(threshold=0.1).fit_transform(X)
r2 = []
for train_idx, test_idx in ShuffleSplit(n_splits=10, test_size=0.2).split(X):
    ridge = Ridge(alpha=1.0).fit(X[train_idx], y[train_idx])
    r2.append(ridge.score(X[test_idx], y[test_idx]))
print(np.mean(r2))
