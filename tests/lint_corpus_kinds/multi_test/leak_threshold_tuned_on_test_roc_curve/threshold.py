import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score, roc_curve
from sklearn.model_selection import train_test_split

X, y = make_classification(n_samples=4000, weights=[0.8], random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
gbc = GradientBoostingClassifier().fit(X_train, y_train)
scores = gbc.predict_proba(X_test)[:, 1]
fpr, tpr, thresholds = roc_curve(y_test, scores)
cut = thresholds[np.argmax(tpr - fpr)]
print("F1 at Youden threshold:", f1_score(y_test, scores >= cut))
