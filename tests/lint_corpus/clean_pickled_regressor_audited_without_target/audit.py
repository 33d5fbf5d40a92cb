import pickle

import pandas as pd
from sklearn.metrics import mean_absolute_error


def audit(model_file, orders_csv):
    with open(model_file, "rb") as handle:
        regressor = pickle.load(handle)
    orders = pd.read_csv(orders_csv)
    predicted = regressor.predict(orders[orders.columns.difference(["order_id", "courier_id", "delivery_minutes"])])
    return mean_absolute_error(orders["delivery_minutes"], predicted)
