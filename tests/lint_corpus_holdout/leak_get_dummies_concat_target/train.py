from sklearn.tree import DecisionTreeClassifier

from encode import one_hot

CATEGORICAL = ["smoker", "region", "target"]


def fit(frame):
    encoded = one_hot(frame, CATEGORICAL)
    X = encoded.drop(columns=["patient_id"])
    y = frame["target"]
    return DecisionTreeClassifier(max_depth=6).fit(X, y)
