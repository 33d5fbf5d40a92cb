import pandas as pd
from sklearn.linear_model import LogisticRegression

from encode import add_gene_rate


def run(path):
    df = add_gene_rate(pd.read_parquet(path))
    X = df.drop(columns=["target"])
    y = df["target"]
    return LogisticRegression(max_iter=500).fit(X, y)
