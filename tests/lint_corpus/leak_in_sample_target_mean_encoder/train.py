from sklearn.linear_model import LogisticRegression

from encoders import TargetMeanEncoder


def train(X_train, y_train):
    encoder = TargetMeanEncoder("hospital").fit(X_train, y_train)
    X_enc = encoder.transform(X_train)
    return LogisticRegression().fit(X_enc, y_train)
