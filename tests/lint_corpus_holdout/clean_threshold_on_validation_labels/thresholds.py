import numpy as np


def threshold_at_fpr(scores, y_val, max_fpr=0.05):
    negatives = scores[y_val == 0]
    return float(np.quantile(negatives, 1 - max_fpr))
