import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.preprocessing import StandardScaler

history = pd.read_csv("all_years.csv")
y = history.pop("demand")
scaler = StandardScaler()
X = scaler.fit_transform(history)
model = GradientBoostingRegressor().fit(X, y)
joblib.dump((scaler, model), "production_model.joblib")
