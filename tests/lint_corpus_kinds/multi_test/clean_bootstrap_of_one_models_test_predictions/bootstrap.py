import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
pred = LogisticRegression(max_iter=5000).fit(X_train, y_train).predict(X_test)
rng = np.random.default_rng(0)
boot = []
for _ in range(2000):
    idx = rng.integers(0, len(y_test), len(y_test))
    boot.append(accuracy_score(y_test[idx], pred[idx]))
print("accuracy", accuracy_score(y_test, pred), "CI", np.percentile(boot, [2.5, 97.5]), "max", max(boot))
