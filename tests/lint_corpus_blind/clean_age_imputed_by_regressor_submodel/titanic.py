import pandas as pd
from sklearn.linear_model import LogisticRegression

from impute import impute_age

passengers = pd.read_csv("train.csv")
passengers["Fare"] = passengers["Fare"].fillna(passengers["Fare"].median())
passengers = impute_age(passengers)
passengers["child"] = (passengers["Age"] < 14).astype(int)
X = passengers[["Pclass", "Age", "child", "SibSp", "Parch", "Fare"]]
y = passengers["Survived"]
LogisticRegression(max_iter=500).fit(X, y)
