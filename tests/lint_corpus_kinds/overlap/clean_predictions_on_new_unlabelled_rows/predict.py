import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score

train = pd.read_csv("train.csv")
unseen = pd.read_csv("test.csv")
features = ["Pclass", "SibSp", "Parch", "Fare"]
rf = RandomForestClassifier(n_estimators=300)
print(cross_val_score(rf, train[features], train["Survived"], cv=5).mean())
rf.fit(train[features], train["Survived"])
pd.DataFrame({"Survived": rf.predict(unseen[features])}).to_csv("submission.csv", index=False)
