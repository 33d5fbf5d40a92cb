import numpy as np
from sklearn.linear_model import LogisticRegression

from history import positive_ids


def fit(frame, labels):
    flagged = positive_ids(frame["patient_id"], labels)
    prior_positive = np.array([pid in flagged for pid in frame["patient_id"]], dtype=float)
    X = np.column_stack([frame[["age", "bmi"]].to_numpy(), prior_positive])
    return LogisticRegression().fit(X, labels)
