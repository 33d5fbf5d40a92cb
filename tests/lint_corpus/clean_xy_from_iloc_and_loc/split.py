import pandas as pd
from sklearn.linear_model import LogisticRegression


def fit_last_column(df: pd.DataFrame):
    y = df["label"]
    X = df.loc[:, df.columns != "label"]
    return LogisticRegression().fit(X, y)


def fit_positional(df: pd.DataFrame):
    X = df.iloc[:, :-1].values
    y = df.iloc[:, -1].values
    return LogisticRegression().fit(X, y)


def fit_pair(df: pd.DataFrame):
    X, y = df.drop("label", axis=1), df["label"]
    return LogisticRegression().fit(X, y)
