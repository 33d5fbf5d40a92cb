import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["age", "dose"]
CATEGORICAL = ["site"]


def train(df: pd.DataFrame):
    pre = ColumnTransformer([("num", StandardScaler(), NUMERIC), ("cat", OneHotEncoder(), CATEGORICAL)])
    pipe = Pipeline([("pre", pre), ("clf", LogisticRegression())])
    pipe.fit(df[NUMERIC + CATEGORICAL], df["responded"])
    return pipe
