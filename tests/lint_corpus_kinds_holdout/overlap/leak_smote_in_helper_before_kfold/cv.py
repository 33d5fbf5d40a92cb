import numpy as np
import pandas as pd
from sklearn.model_selection import KFold
from sklearn.ensemble import RandomForestClassifier

from balance import balanced

X, y = balanced(pd.read_csv("churn.csv"), "churn")
accs = []
for tr, te in KFold(n_splits=5, shuffle=True).split(X):
    rf = RandomForestClassifier().fit(X.iloc[tr], y.iloc[tr])
    accs.append(rf.score(X.iloc[te], y.iloc[te]))
print(np.mean(accs))
