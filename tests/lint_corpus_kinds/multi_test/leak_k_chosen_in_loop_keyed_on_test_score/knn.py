from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
best_k, best_score = None, 0.0
for k in range(1, 31):
    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
    score = knn.score(X_test, y_test)
    if score > best_score:
        best_k, best_score = k, score
print("best k", best_k, "test accuracy", best_score)
