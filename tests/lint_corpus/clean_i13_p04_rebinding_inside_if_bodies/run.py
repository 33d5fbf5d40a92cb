import sys

import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import Ridge

raw = pd.read_csv(sys.argv[1])
X = raw
if sys.argv[2] == "gbr":
    X = X.drop(columns=["yield_t_ha"])
    GradientBoostingRegressor().fit(X, raw["yield_t_ha"])

if __name__ == "__main__":
    table = pd.read_csv("fields.csv")
    response = table["yield_t_ha"]
    table = table.drop(columns=["yield_t_ha"])
    Ridge().fit(table, response)
