import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder

COLOURS = ["red", "green", "blue"]
SIZES = ["S", "M", "L", "XL"]
orders = pd.read_csv("orders.csv")
encoder = OneHotEncoder(categories=[COLOURS, SIZES], handle_unknown="ignore")
X = encoder.fit_transform(orders[["colour", "size"]])
X_train, X_test, y_train, y_test = train_test_split(X, orders["returned"], random_state=0)
clf = LogisticRegression().fit(X_train, y_train)
print(clf.score(X_test, y_test))
