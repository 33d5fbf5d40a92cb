import numpy as np
from sklearn.ensemble import RandomForestClassifier

from helpers import append_truth_flag


def build(calls, truth_status_by_call):
    rows = []
    for call in calls:
        row = [call.qual, call.depth]
        append_truth_flag(row, truth_status_by_call[call.id])
        rows.append(row)
    X = np.array(rows)
    return RandomForestClassifier().fit(X, [truth_status_by_call[c.id] == "TP" for c in calls])
