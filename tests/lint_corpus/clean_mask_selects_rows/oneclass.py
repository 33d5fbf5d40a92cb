from sklearn.ensemble import IsolationForest


def fit_normals(X, y):
    normals = X[y == 0]
    return IsolationForest(random_state=0).fit(normals)


def positive_centroid(X, y):
    return X[y == 1].mean(axis=0)
