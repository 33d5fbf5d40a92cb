import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error
from sklearn.preprocessing import MinMaxScaler

sales = pd.read_csv("sales.csv", parse_dates=["date"])
cols = ["price", "promo", "temperature"]
sales[cols] = MinMaxScaler().fit_transform(sales[cols])
train = sales[sales["date"] < "2023-01-01"]
test = sales[sales["date"] >= "2023-01-01"]
reg = LinearRegression().fit(train[cols], train["units"])
print("MAE", mean_absolute_error(test["units"], reg.predict(test[cols])))
