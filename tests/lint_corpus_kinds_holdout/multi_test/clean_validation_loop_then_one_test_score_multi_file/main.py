from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from tune import tune_k

X, y = load_wine(return_X_y=True)
X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev, test_size=0.25, random_state=0)
k = tune_k(X_train, y_train, X_val, y_val)
print("test accuracy", KNeighborsClassifier(n_neighbors=k).fit(X_dev, y_dev).score(X_test, y_test))
