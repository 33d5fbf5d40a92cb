import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor

from features import normalise

houses = pd.read_csv("houses.csv")
price = houses.pop("price")
X = normalise(houses)
X_train, X_test, y_train, y_test = train_test_split(X, price, test_size=0.25)
mlp = MLPRegressor(hidden_layer_sizes=(64,), max_iter=500).fit(X_train, y_train)
print("test R2", mlp.score(X_test, y_test))
