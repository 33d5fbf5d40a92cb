import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

homes = pd.read_csv("homes.csv")
homes["zoning"] = homes["zoning"].fillna("unknown")
homes["frontage"] = homes["frontage"].fillna(homes["frontage"].median())

train, test = train_test_split(homes, train_size=0.6, random_state=3)
cols = ["lot_area", "frontage"]
model = LinearRegression().fit(train[cols], train["price"])
print("MSE", mean_squared_error(test["price"], model.predict(test[cols])))
