import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split

from balance import balance_classes

X = np.load("X.npy")
y = np.load("y.npy")
X_bal, y_bal = balance_classes(X, y)
X_tr, X_te, y_tr, y_te = train_test_split(X_bal, y_bal, stratify=y_bal)
clf = LogisticRegression(max_iter=500).fit(X_tr, y_tr)
print(balanced_accuracy_score(y_te, clf.predict(X_te)))
