import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler

load = pd.read_csv("grid_load.csv", parse_dates=["ts"]).sort_values("ts")
cols = ["temp", "humidity", "hour", "lag_24"]
cutoff = int(len(load) * 0.8)
train, test = load.iloc[:cutoff], load.iloc[cutoff:]
scaler = StandardScaler().fit(train[cols])
ridge = Ridge().fit(scaler.transform(train[cols]), train["mw"])
print(ridge.score(scaler.transform(test[cols]), test["mw"]))
