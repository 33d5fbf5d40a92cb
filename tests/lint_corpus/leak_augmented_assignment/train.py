from sklearn.linear_model import LogisticRegression

from scores import risk_features


def main(patients, outcomes):
    X = [risk_features(p, o) for p, o in zip(patients, outcomes)]
    model = LogisticRegression()
    model.fit(X, outcomes)
    return model
