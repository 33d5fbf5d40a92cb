from sklearn.ensemble import RandomForestClassifier

from balance import upsample_minority
from split import split


def run(X, y):
    X_tr, X_te, y_tr, y_te = split(X, y)
    X_bal, y_bal = upsample_minority(X_tr, y_tr)
    clf = RandomForestClassifier(n_estimators=100).fit(X_bal, y_bal)
    return clf.score(X_te, y_te)
