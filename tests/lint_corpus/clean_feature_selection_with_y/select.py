from sklearn.feature_selection import SelectKBest, f_classif


def top_k(X_train, y_train, X_test, k=20):
    selector = SelectKBest(f_classif, k=k).fit(X_train, y_train)
    return selector.transform(X_train), selector.transform(X_test)
