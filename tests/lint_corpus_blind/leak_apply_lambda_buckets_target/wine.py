import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor

wine = pd.read_csv("winequality-red.csv", sep=";")
wine["grade_band"] = wine["quality"].apply(lambda q: 0 if q < 5 else (1 if q < 7 else 2))
GradientBoostingRegressor().fit(wine.drop(columns=["quality"]), wine["quality"])
