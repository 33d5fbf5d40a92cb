import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from oversample import bootstrap_minority


def train(path):
    table = pd.read_csv(path)
    y = table["relapse"].to_numpy()
    X = table.drop(columns=["relapse"]).to_numpy()
    baseline = RandomForestClassifier(n_estimators=50).fit(X, y)
    X_bal, y_bal = bootstrap_minority(X, y, {1: 200})
    return baseline, RandomForestClassifier(n_estimators=50).fit(X_bal, y_bal)
