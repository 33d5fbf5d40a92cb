import lightgbm as lgb

from calendar_features import add_calendar, add_lags

FEATURE_COLUMNS = ["dow", "month", "promo", "units_lag_7", "units_next_7"]


def fit(df):
    df = add_lags(add_calendar(df)).dropna()
    model = lgb.LGBMRegressor(n_estimators=500)
    model.fit(df[FEATURE_COLUMNS], df["units_sold"])
    return model
