import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from oversample import bootstrap_rows


def train(path):
    table = pd.read_csv(path)
    y = table["relapse"].to_numpy()
    X = table.drop(columns=["relapse"]).to_numpy()
    X_bal, y_bal = bootstrap_rows(X, y, 300)
    return RandomForestClassifier(n_estimators=50).fit(X_bal, y_bal)
