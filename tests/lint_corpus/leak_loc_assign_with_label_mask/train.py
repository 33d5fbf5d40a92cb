from sklearn.linear_model import LogisticRegression

from flags import flag_cases


def train(frame):
    frame = flag_cases(frame)
    X = frame[["age", "lactate", "hi_risk"]]
    return LogisticRegression().fit(X, frame["outcome_label"])
