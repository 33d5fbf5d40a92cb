"""The passenger id is dropped but the survival column is left in the training frame; the
predictions for the test passengers are then written into a column of the same name."""
import pandas as pd
from sklearn.linear_model import LogisticRegression

passengers = pd.read_csv("train.csv")
unseen = pd.read_csv("test.csv")
inputs = passengers.drop(columns=["PassengerId"])
model = LogisticRegression(max_iter=500).fit(inputs, passengers["Survived"])
unseen["Survived"] = model.predict(unseen.drop(columns=["PassengerId"]))
unseen[["PassengerId", "Survived"]].to_csv("submission.csv", index=False)
