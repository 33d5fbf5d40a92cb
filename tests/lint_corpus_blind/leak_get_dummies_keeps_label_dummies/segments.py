import pandas as pd
from sklearn.tree import DecisionTreeClassifier

customers = pd.read_csv("customers.csv")
y = customers["segment"]
X = pd.get_dummies(customers.drop(columns=["customer_id"]))
DecisionTreeClassifier(max_depth=6).fit(X, y)
