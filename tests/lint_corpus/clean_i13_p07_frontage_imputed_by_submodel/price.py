import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor

from impute import fill_frontage

houses = fill_frontage(pd.read_csv("train.csv"))
X = houses[["LotArea", "GrLivArea", "LotFrontage", "OverallQual"]]
GradientBoostingRegressor().fit(X, houses["SalePrice"])
