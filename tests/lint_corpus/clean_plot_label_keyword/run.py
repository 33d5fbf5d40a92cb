from sklearn.linear_model import LogisticRegression

from plots import plot_roc


def run(X_train, y_train, X_test, y_test):
    model = LogisticRegression().fit(X_train, y_train)
    scores = model.predict_proba(X_test)[:, 1]
    return plot_roc(y_test, scores, label=f"logreg (n={len(y_train)})")
