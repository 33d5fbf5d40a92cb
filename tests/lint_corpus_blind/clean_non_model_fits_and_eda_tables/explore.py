import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import LabelEncoder

houses = pd.read_csv("houses.csv")
mu, sigma = norm.fit(houses["SalePrice"])
print(f"mu={mu:.0f} sigma={sigma:.0f}")

encoder = LabelEncoder().fit(houses["Neighborhood"])
houses["Neighborhood"] = encoder.transform(houses["Neighborhood"])

features_by_price = houses.groupby(pd.qcut(houses["SalePrice"], 4)).mean(numeric_only=True)
top_features = houses.corr(numeric_only=True)["SalePrice"].sort_values(ascending=False)
print(features_by_price.head(), top_features.head(10))

cols = ["GrLivArea", "OverallQual", "Neighborhood", "YearBuilt"]
reg = LinearRegression().fit(houses[cols], np.log(houses["SalePrice"]))
