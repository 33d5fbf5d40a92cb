import numpy as np
from sklearn.ensemble import RandomForestClassifier

from vitals import summarize_stay


def train(stays):
    rows, outcome = [], []
    for stay in stays:
        hr, lactate, shock = summarize_stay(stay)
        rows.append([hr, lactate, shock])
        outcome.append(stay["septic_shock"])
    model = RandomForestClassifier(n_estimators=200)
    model.fit(np.array(rows), np.array(outcome))
    return model
