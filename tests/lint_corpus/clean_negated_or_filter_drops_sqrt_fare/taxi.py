import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

trips = pd.read_parquet("trips.parquet")
trips["sqrt_fare"] = trips["fare_amount"] ** 0.5
trips["hour"] = pd.to_datetime(trips["pickup_datetime"]).dt.hour
inputs = [col for col in trips.columns if not (col == "fare_amount" or col == "pickup_datetime" or col == "sqrt_fare")]
booster = HistGradientBoostingRegressor(max_iter=300)
booster.fit(trips[inputs], trips["fare_amount"])
