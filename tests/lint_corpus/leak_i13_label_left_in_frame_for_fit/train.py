import pandas as pd
from sklearn.ensemble import RandomForestClassifier

train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
rf = RandomForestClassifier(n_estimators=100)
rf.fit(train.drop(columns=["PassengerId", "Name"]), train["Survived"])
