import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

homes = pd.read_csv("homes.csv")
# EDA cleanup of a column the baseline below does not use
homes["zoning"] = homes["zoning"].fillna(homes["zoning"].mode()[0])
print(homes.groupby("zoning")["price"].median())

train, test = train_test_split(homes, train_size=0.6, random_state=3)
baseline = LinearRegression().fit(train[["lot_area"]], train["price"])
print("MSE", mean_squared_error(test["price"], baseline.predict(test[["lot_area"]])))
