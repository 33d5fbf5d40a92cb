from sklearn.linear_model import LogisticRegression

from evaluate import evaluate


def main(X_train, y_train, X_test, y_test):
    model = LogisticRegression().fit(X_train, y_train)
    return evaluate(model, X_test, y_test)
