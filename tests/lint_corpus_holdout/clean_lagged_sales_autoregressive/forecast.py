import lightgbm as lgb

from lags import add_history


def fit(df):
    df = add_history(df).dropna()
    features = [c for c in df.columns if c.startswith("units_") and c != "units_sold"] + ["promo", "dow"]
    model = lgb.LGBMRegressor(n_estimators=800, learning_rate=0.03)
    model.fit(df[features], df["units_sold"])
    return model
