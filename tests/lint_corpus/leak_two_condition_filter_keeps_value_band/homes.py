import pandas as pd
from sklearn.ensemble import RandomForestRegressor

homes = pd.read_parquet("homes.parquet")
homes["top_quintile"] = homes["sale_value"].rank(pct=True) > 0.8
homes["lot_ratio"] = homes["lot_sqft"] / homes["floor_sqft"]

predictors = [name for name in homes.columns if name not in ("parcel_id", "deed_date") and "value" not in name]
features = homes[predictors]
model = RandomForestRegressor(n_estimators=400)
model.fit(features, homes["sale_value"])
