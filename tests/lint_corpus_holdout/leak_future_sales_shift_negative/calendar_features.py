def add_calendar(df):
    df["dow"] = df["date"].dt.dayofweek
    df["month"] = df["date"].dt.month
    return df


def add_lags(df):
    by_store = df.groupby("store_id")["units_sold"]
    df["units_lag_7"] = by_store.shift(7)
    df["units_next_7"] = by_store.shift(-7)
    return df
