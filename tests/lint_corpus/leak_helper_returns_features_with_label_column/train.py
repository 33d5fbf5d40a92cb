import pandas as pd
from sklearn.linear_model import LogisticRegression

from prepare import with_history


def train(path):
    visits = pd.read_csv(path)
    y = visits["readmitted"].to_numpy()
    X = visits.drop(columns=["readmitted"]).to_numpy()
    X_hist, y_hist = with_history(X, y)
    return LogisticRegression(max_iter=300).fit(X_hist, y_hist)
