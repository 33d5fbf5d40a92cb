from sklearn import datasets
from sklearn.neighbors import KNeighborsClassifier
from sklearn.model_selection import train_test_split

iris = datasets.load_iris()
X = iris.data
y = iris.target
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
knn = KNeighborsClassifier(n_neighbors=3).fit(X_train, y_train)
print(knn.score(X_test, y_test), iris.target_names)

wine = datasets.load_wine()
Xw, yw = wine["data"], wine["target"]
KNeighborsClassifier().fit(Xw, yw)
