import pandas as pd
from sklearn.linear_model import LogisticRegression

from cats import combo_column


def fit(df):
    df = combo_column(df)
    design = pd.get_dummies(df[["site_combo", "depth"]])
    clf = LogisticRegression()
    clf.fit(design, df["label"])
    return clf
