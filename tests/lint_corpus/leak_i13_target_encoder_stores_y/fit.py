from sklearn.svm import SVC

from encoders import WithTarget


def fit(X_train, y_train):
    X_enc = WithTarget().fit_transform(X_train, y_train)
    return SVC().fit(X_enc, y_train)
