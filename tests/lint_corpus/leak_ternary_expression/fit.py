from sklearn.linear_model import RidgeClassifier

from augment import add_indicator


def fit(X, y_train):
    X_aug = add_indicator(X, y_train)
    return RidgeClassifier().fit(X_aug, y_train)
