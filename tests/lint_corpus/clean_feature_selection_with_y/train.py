from sklearn.linear_model import LogisticRegression

from select import top_k


def train(X_train, y_train, X_test):
    X_tr, X_te = top_k(X_train, y_train, X_test)
    model = LogisticRegression().fit(X_tr, y_train)
    return model.predict(X_te)
