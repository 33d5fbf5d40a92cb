import pandas as pd
from sklearn.linear_model import LinearRegression

from lags import add_current_value

demand = pd.read_csv("demand.csv", parse_dates=["ts"])
inputs = demand[["hour", "dow", "temp"]].copy()
target = demand["load_mw"]
add_current_value(inputs, target)
LinearRegression().fit(inputs, target)
