"""The demand is computed into the frame, every column is min-max scaled with pandas arithmetic,
and the drop list names the columns derived from the demand but not the demand itself."""
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

stations = pd.read_csv("stations.csv")
stations["demand"] = stations["arrivals"] + stations["departures"]
stations["demand_daily"] = stations.groupby("day")["demand"].transform("sum")
numeric = stations.drop(columns=["region", "arrivals", "departures"])
scaled = (numeric - numeric.min()) / (numeric.max() - numeric.min())
inputs = scaled.drop(["demand_daily"], axis=1)
RandomForestRegressor(n_estimators=100).fit(inputs, scaled["demand"])
