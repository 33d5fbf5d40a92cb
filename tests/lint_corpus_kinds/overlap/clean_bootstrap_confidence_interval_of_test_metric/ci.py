import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.utils import resample

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
probs = model.predict_proba(X_test)[:, 1]
aucs = []
for seed in range(1000):
    yb, pb = resample(y_test, probs, random_state=seed)
    aucs.append(roc_auc_score(yb, pb))
print("AUC", roc_auc_score(y_test, probs), "95% CI", np.percentile(aucs, [2.5, 97.5]))
