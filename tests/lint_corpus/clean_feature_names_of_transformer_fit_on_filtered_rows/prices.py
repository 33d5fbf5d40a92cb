"""Rows with implausible prices are dropped first; interaction terms are built from two
categorical columns and only the true interactions (names with a space) are kept. The names
of a transformer's output columns say what the columns are called, not what the rows hold."""

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import FunctionTransformer, PolynomialFeatures


class Interactions:
    def __init__(self):
        self.poly = PolynomialFeatures(interaction_only=True, include_bias=False)

    def fit(self, df):
        dummies = pd.get_dummies(df[["type", "size"]], drop_first=True)
        self.poly.fit(dummies)

    def transform(self, df):
        dummies = pd.get_dummies(df[["type", "size"]], drop_first=True)
        self.names = self.poly.get_feature_names(dummies.columns)
        pairs = self.poly.transform(dummies)[:, [" " in name for name in self.names]]
        return np.concatenate((pairs, df[["year", "odometer"]].to_numpy()), axis=1)


cars = pd.read_csv("vehicles.csv")
cars = cars[cars.price > 50]
cars = cars[cars.price < 250000]
interactions = Interactions()
interactions.fit(cars)
X = interactions.transform(cars)
log_price = FunctionTransformer(np.log, np.exp, validate=True)
y = log_price.fit_transform(cars["price"].to_numpy().reshape(-1, 1)).ravel()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.33, random_state=0)
forest = RandomForestRegressor(n_estimators=100).fit(X_train, y_train)
print(forest.score(X_test, y_test))
