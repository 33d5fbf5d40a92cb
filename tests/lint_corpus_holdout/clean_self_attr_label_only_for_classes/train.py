from sklearn.svm import SVC

from wrapper import ScaledClassifier


def run(X_train, y_train, X_test):
    model = ScaledClassifier(SVC(probability=True)).fit(X_train, y_train)
    return model.predict_proba(X_test)[:, 1]
