# Rows drawn at random from observed data are still observed rows: their label column added to
# a feature is a label leak, whatever drew the rows.
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression


def bootstrap_features(calls, n, seed=0):
    rng = np.random.RandomState(seed)
    rows = rng.choice(calls.index.values, size=n)
    sample = calls.loc[rows]
    X = sample[["depth", "qual"]].values.copy()
    X[:, 0] += sample["is_tp"].values
    return X, sample["is_tp"].values


calls = pd.read_csv("calls.tsv", sep="\t")
X, y = bootstrap_features(calls, 1000)
print(LogisticRegression().fit(X, y).score(X, y))
