"""Every column is min-max scaled with pandas arithmetic; only the region is dropped, so the
scaled demand stays among the inputs."""
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

stations = pd.read_csv("stations.csv")
numeric = stations.drop("region", axis=1)
scaled = (numeric - numeric.mean()) / numeric.std()
inputs = scaled.drop(["station_id"], axis=1)
forest = RandomForestRegressor(n_estimators=200).fit(inputs, scaled["demand"])
