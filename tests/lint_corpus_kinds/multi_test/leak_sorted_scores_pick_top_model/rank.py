from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y)
scored = []
for clf in (LogisticRegression(max_iter=500), GaussianNB(), KNeighborsClassifier()):
    clf.fit(X_train, y_train)
    scored.append((clf.score(X_test, y_test), type(clf).__name__))
ranked = sorted(scored, reverse=True)
print("winner:", ranked[0])
