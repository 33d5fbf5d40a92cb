import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeRegressor

scores = pd.read_csv("exam_scores.csv")
scores["mean_quiz"] = scores[["quiz1", "quiz2", "quiz3"]].mean(axis=1)
scores["best_quiz"] = scores[["quiz1", "quiz2", "quiz3"]].max(axis=1)
scores["total"] = scores.apply(lambda row: row["quiz1"] + row["midterm"], axis=1)
X = scores[["mean_quiz", "best_quiz", "total"]]
X_train, X_test, y_train, y_test = train_test_split(X, scores["final"], random_state=2)
tree = DecisionTreeRegressor(max_depth=3).fit(X_train, y_train)
print(tree.score(X_test, y_test))
