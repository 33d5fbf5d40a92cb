import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

# per-class prior rates written down from last year's cohort
PRIOR = np.array([[0.12, 0.30], [0.71, 0.88]])


def train(path):
    cohort = pd.read_csv(path)
    y = cohort["relapse"].to_numpy()
    X = cohort.drop(columns=["relapse"]).to_numpy()
    X = np.c_[X, PRIOR[y, :]]
    return LogisticRegression(max_iter=200).fit(X, y)
