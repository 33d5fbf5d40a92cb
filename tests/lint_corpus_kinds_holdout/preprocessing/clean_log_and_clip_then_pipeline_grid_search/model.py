import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import ElasticNet

sales = pd.read_csv("sales.csv")
sales["log_units"] = np.log1p(sales["units"].clip(lower=0))
sales["price_per_kg"] = sales["price"] / sales["weight"]
X_tr, X_te, y_tr, y_te = train_test_split(sales[["log_units", "price_per_kg"]], sales["margin"])
grid = GridSearchCV(Pipeline([("sc", StandardScaler()), ("en", ElasticNet())]), {"en__alpha": [0.1, 1.0]})
grid.fit(X_tr, y_tr)
print(grid.score(X_te, y_te))
