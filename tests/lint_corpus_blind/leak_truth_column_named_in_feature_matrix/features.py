import numpy as np

SITE_COLUMNS = ["QUAL", "DP", "AF", "MQ", "TRUTH"]


def candidate_features(calls):
    return np.asarray(calls[SITE_COLUMNS], dtype=np.float32)
