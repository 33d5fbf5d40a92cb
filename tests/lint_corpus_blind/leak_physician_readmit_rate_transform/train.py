import pandas as pd
from sklearn.linear_model import LogisticRegression

from features import add_provider_features

visits = add_provider_features(pd.read_csv("visits.csv"))
X = visits[["age", "provider_volume", "provider_readmit_rate"]]
LogisticRegression(max_iter=400).fit(X, visits["readmit_30d"])
