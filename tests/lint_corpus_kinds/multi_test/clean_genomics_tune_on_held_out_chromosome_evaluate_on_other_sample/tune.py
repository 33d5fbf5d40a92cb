import numpy as np
from sklearn.metrics import f1_score


def best_gq_cutoff(calls):
    cutoffs = np.arange(0, 60, 5)
    scores = [f1_score(calls["is_tp"], calls["GQ"] >= c) for c in cutoffs]
    return cutoffs[int(np.argmax(scores))]
