def add_history(df, lags=(1, 7, 28)):
    by_store = df.groupby("store_id")["units_sold"]
    for lag in lags:
        df[f"units_lag_{lag}"] = by_store.shift(lag)
    df["units_rolling_28"] = by_store.transform(lambda s: s.shift(1).rolling(28).mean())
    return df
