import pandas as pd
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, train_test_split

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
grid = GridSearchCV(RandomForestClassifier(), {"max_depth": [2, 4, 8]}, cv=5).fit(X_train, y_train)
table = pd.DataFrame(grid.cv_results_).sort_values("mean_test_score", ascending=False)
print(table[["params", "mean_test_score"]].head(3))
print("held-out accuracy", grid.best_estimator_.score(X_test, y_test))
