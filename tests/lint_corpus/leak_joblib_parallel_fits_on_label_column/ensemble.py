import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier


def _fit_one(model, X, y):
    return model.fit(X, y)


def fit_all(path, n_jobs=2):
    table = pd.read_csv(path)
    y = table["churned"]
    X = table.drop(columns=["customer_id"])
    models = [RandomForestClassifier(), ExtraTreesClassifier()]
    baseline = RandomForestClassifier(n_estimators=20).fit(X, y)
    return baseline, Parallel(n_jobs=n_jobs)(delayed(_fit_one)(clone(m), X, y) for m in models)
