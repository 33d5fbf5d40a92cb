from sklearn.linear_model import LogisticRegression

from report import assert_no_collapse


def fit_and_check(X_train, y_train, X_val, y_val):
    model = LogisticRegression().fit(X_train, y_train)
    return assert_no_collapse(model, X_val, y_val)
