import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

data = pd.read_csv("titanic.csv")
data["Age"] = data["Age"].fillna(data["Age"].mean())
data["Fare"] = data["Fare"].fillna(0)
features = data[["Pclass", "Age", "Fare", "SibSp"]]
target = data["Survived"]
X_tr, X_te, y_tr, y_te = train_test_split(features, target, random_state=1)
forest = RandomForestClassifier(n_estimators=200).fit(X_tr, y_tr)
print(forest.score(X_te, y_te))
