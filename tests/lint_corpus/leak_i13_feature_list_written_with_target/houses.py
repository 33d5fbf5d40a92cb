import pandas as pd
from sklearn.tree import DecisionTreeRegressor

home_data = pd.read_csv("train.csv")
y = home_data.SalePrice
features = ["LotArea", "YearBuilt", "1stFlrSF", "2ndFlrSF", "FullBath", "SalePrice"]
X = home_data[features]
DecisionTreeRegressor(random_state=1).fit(X, y)
