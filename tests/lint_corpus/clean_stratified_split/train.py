from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from split import split


def main(X, y):
    X_train, X_test, y_train, y_test = split(X, y)
    forest = RandomForestClassifier(n_estimators=300).fit(X_train, y_train)
    return roc_auc_score(y_test, forest.predict_proba(X_test)[:, 1])
