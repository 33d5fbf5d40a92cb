from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from scaling import RobustClipper


def fit(X_train, y_train):
    pipe = Pipeline([("clip", RobustClipper()), ("clf", LogisticRegression(max_iter=1000))])
    return pipe.fit(X_train, y_train)
