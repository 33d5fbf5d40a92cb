import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

people = pd.read_csv("adult.csv")
people["age_band"] = pd.qcut(people["age"], q=5, labels=False)
X = people[["age_band", "hours_per_week", "education_num"]]
X_train, X_test, y_train, y_test = train_test_split(X, people["high_income"], random_state=0)
tree = DecisionTreeClassifier(max_depth=4).fit(X_train, y_train)
print(tree.score(X_test, y_test))
