import pandas as pd
from sklearn.ensemble import RandomForestRegressor


def make_frame(df):
    df = df.sort_values("date")
    df["sales_lag_1"] = df["units_sold"].shift(1)
    df["sales_next"] = df["units_sold"].shift(-1)
    return df.dropna()


df = make_frame(pd.read_csv("store_7.csv"))
X = df[["sales_lag_1", "sales_next", "promo", "holiday"]]
RandomForestRegressor().fit(X, df["units_sold"])
