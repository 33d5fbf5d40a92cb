import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

data = np.loadtxt("wine.csv", delimiter=",", skiprows=1)
X, y = data[:, 1:], data[:, 0]
lo = X.min(axis=0)
hi = X.max(axis=0)
X = (X - lo) / (hi - lo)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
knn = KNeighborsClassifier(n_neighbors=5)
knn.fit(X_train, y_train)
print("test accuracy", knn.score(X_test, y_test))
