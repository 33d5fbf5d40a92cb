"""Kaggle's train.csv and test.csv stacked for EDA: reading Survived from the stack says the
column is in one of the two files, not in test.csv. The age model is trained on rows of both
files with the label dropped from train's."""

import pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
full = pd.concat([train, test], sort=True)
print(full["Survived"].isnull().sum(), "test rows without a label")

rows = pd.concat([train.drop(columns=["Survived"]), test]).reset_index(drop=True)
known = rows[rows["Age"].notnull()]
age_model = RandomForestRegressor(n_estimators=100)
age_model.fit(known.drop(columns=["PassengerId", "Age", "Name"]), known["Age"])

survival = RandomForestClassifier(n_estimators=100)
survival.fit(train.drop(columns=["PassengerId", "Survived", "Name"]), train["Survived"])
