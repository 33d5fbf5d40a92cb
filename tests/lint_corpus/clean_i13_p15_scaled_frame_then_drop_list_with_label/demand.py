"""Every column is min-max scaled with pandas arithmetic, then the demand and the columns
computed from it are dropped in one list before the model sees the frame."""
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split


def fit_demand_model(frame):
    frame = frame.drop("region", axis=1)
    scaled = (frame - frame.min()) / (frame.max() - frame.min())
    scaled = scaled.fillna(0)
    target = scaled["demand"]
    derived = ["demand", "demand_daily", "demand_weekly"]
    inputs = scaled.drop(derived, axis=1)
    fit_x, test_x, fit_y, test_y = train_test_split(inputs, target, test_size=0.2)
    forest = RandomForestRegressor(n_estimators=200).fit(fit_x, fit_y)
    return forest.score(test_x, test_y)


stations = pd.read_csv("stations.csv")
stations["demand"] = stations["arrivals"] + stations["departures"]
stations["demand_daily"] = stations.groupby("day")["demand"].transform("sum")
stations["demand_weekly"] = stations.groupby("week")["demand"].transform("sum")
print(fit_demand_model(stations))
