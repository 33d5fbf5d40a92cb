import numpy as np
from sklearn.naive_bayes import GaussianNB


def build(records):
    rows, y = [], []
    for rec in records:
        escalated = 0
        if rec.resolved_late:
            escalated = 1
        rows.append([rec.n_messages, rec.first_response_minutes, escalated])
        y.append(rec.resolved_late)
    X = np.asarray(rows, dtype=float)
    return GaussianNB().fit(X, np.asarray(y))
