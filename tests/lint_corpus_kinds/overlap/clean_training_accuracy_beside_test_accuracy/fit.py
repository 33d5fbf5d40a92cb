from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
svc = SVC(gamma=0.001).fit(X_train, y_train)
print("train accuracy", svc.score(X_train, y_train))
print("test accuracy", svc.score(X_test, y_test))
