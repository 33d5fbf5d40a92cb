from sklearn.neighbors import KNeighborsClassifier


def tune_k(X_train, y_train, X_val, y_val):
    best_k, best = 1, -1.0
    for k in range(1, 21):
        acc = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_val, y_val)
        if acc > best:
            best_k, best = k, acc
    return best_k
