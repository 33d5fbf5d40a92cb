import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

# A competition's unlabelled test file is only predicted for submission: filling its gaps
# with its own medians teaches the model nothing and shows no score.
train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
features = ["age", "fare", "siblings"]
train[features] = train[features].fillna(train[features].median())
test[features] = test[features].fillna(test[features].median())
model = GradientBoostingClassifier().fit(train[features], train["survived"])
test["survived"] = model.predict(test[features])
test[["id", "survived"]].to_csv("submission.csv", index=False)
