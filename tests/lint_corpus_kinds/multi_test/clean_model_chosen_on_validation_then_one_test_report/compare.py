from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

X, y = load_breast_cancer(return_X_y=True)
X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev, test_size=0.25, random_state=0)
models = {"lr": LogisticRegression(max_iter=5000), "rf": RandomForestClassifier()}
val_scores = {}
for name, model in models.items():
    model.fit(X_train, y_train)
    val_scores[name] = accuracy_score(y_val, model.predict(X_val))
best = max(val_scores, key=val_scores.get)
print(best, "test accuracy", accuracy_score(y_test, models[best].predict(X_test)))
