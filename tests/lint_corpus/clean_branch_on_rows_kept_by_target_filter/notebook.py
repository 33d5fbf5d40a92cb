import pandas as pd
from sklearn.ensemble import RandomForestRegressor

visits = pd.read_csv("visits.csv")
visits = visits[visits.spend > -30]  # drop the outlier rows


def shift_of(clock):
    hour = int(clock.split(":")[0])
    if hour < 8:
        return 0
    elif hour < 16:
        return 1
    return 2


visits["shift"] = visits["clock"].apply(lambda c: shift_of(c))
X = visits.drop(columns=["spend", "clock"])
y = visits["spend"]
model = RandomForestRegressor(n_estimators=100).fit(X, y)
