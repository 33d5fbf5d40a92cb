import matplotlib.pyplot as plt
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

X, y = load_iris(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
names, scores = [], []
for model in (GaussianNB(), SVC(), DecisionTreeClassifier()):
    names.append(type(model).__name__)
    scores.append(model.fit(X_tr, y_tr).score(X_te, y_te))
plt.bar(names, scores)
plt.savefig("test_accuracy.png")
