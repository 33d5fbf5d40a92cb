import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

houses = pd.read_csv("houses.csv")
# the target is defined once, by a threshold at the mean price: a definition, not a feature
houses["expensive"] = (houses["price"] > houses["price"].mean()).astype(int)
features = houses[["rooms", "area", "age"]]
target = houses["expensive"]

X_train, X_test, y_train, y_test = train_test_split(features, target, random_state=0)
model = LogisticRegression().fit(X_train, y_train)
print(accuracy_score(y_test, model.predict(X_test)))
