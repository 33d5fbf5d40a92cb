import numpy as np
from sklearn.tree import DecisionTreeClassifier
from sklearn.model_selection import train_test_split
from sklearn.utils import resample

X, y = np.load("X.npy"), np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
trees = []
for seed in range(25):
    Xb, yb = resample(X_train, y_train, random_state=seed)
    trees.append(DecisionTreeClassifier().fit(Xb, yb))
votes = np.mean([t.predict(X_test) for t in trees], axis=0)
print("accuracy", np.mean((votes > 0.5) == y_test))
