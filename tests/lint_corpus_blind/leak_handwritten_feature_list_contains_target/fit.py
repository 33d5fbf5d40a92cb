import pandas as pd
from sklearn.ensemble import RandomForestRegressor

from columns import FEATURES, TARGET

sales = pd.read_csv("king_county_sales.csv")
X = sales[FEATURES]
y = sales[TARGET]
forest = RandomForestRegressor(n_estimators=400, n_jobs=-1).fit(X, y)
