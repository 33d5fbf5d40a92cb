import numpy as np

from compare import summarize, vector


def call_matrix(calls, truth):
    rows = []
    for call in calls:
        quality, matched = summarize(call, truth)
        rows.append(vector(call, quality, matched))
    return np.asarray(rows, dtype=float)
