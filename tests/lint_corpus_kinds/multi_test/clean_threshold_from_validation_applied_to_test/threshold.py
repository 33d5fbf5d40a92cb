import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_curve
from sklearn.model_selection import train_test_split

X, y = make_classification(n_samples=5000, weights=[0.85], random_state=2)
X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_cal, y_train, y_cal = train_test_split(X_rest, y_rest, test_size=0.25, random_state=0)
lr = LogisticRegression().fit(X_train, y_train)
precision, recall, thresholds = precision_recall_curve(y_cal, lr.predict_proba(X_cal)[:, 1])
f1 = 2 * precision * recall / (precision + recall + 1e-12)
threshold = thresholds[np.argmax(f1[:-1])]
print("test F1", f1_score(y_test, lr.predict_proba(X_test)[:, 1] >= threshold))
