from lightgbm import LGBMClassifier
from sklearn.metrics import average_precision_score

from data import load_splits

X_train, X_test, y_train, y_test = load_splits("defects.csv")
lgbm = LGBMClassifier().fit(X_train, y_train)
print("AP", average_precision_score(y_test, lgbm.predict_proba(X_test)[:, 1]))
