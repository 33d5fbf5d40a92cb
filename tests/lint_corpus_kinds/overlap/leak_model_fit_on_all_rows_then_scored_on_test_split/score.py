from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

X, y = load_iris(return_X_y=True)
tree = DecisionTreeClassifier()
tree.fit(X, y)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=4)
print("test accuracy:", tree.score(X_test, y_test))
