from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
for model in (LogisticRegression(max_iter=5000), RandomForestClassifier()):
    model.fit(X_train, y_train)
    print(type(model).__name__, model.score(X_test, y_test))
