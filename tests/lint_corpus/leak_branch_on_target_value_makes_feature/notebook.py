import pandas as pd
from sklearn.ensemble import RandomForestRegressor

visits = pd.read_csv("visits.csv")
visits = visits[visits.clock.notna()]


def tier_of(amount):
    if amount < 20:
        return 0
    elif amount < 100:
        return 1
    return 2


visits["tier"] = visits["spend"].apply(lambda a: tier_of(a))
X = visits.drop(columns=["spend", "clock"])
y = visits["spend"]
model = RandomForestRegressor(n_estimators=100).fit(X, y)
