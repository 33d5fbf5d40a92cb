import numpy as np


def extract_features(cand, is_var, vaf_truth):
    depth = cand.depth
    alt_freq = cand.alt_reads / max(depth, 1)
    mean_bq = float(np.mean(cand.base_quals))
    mean_mq = float(np.mean(cand.map_quals))
    low_vaf = float(is_var and vaf_truth < 0.05)
    return [depth, alt_freq, mean_bq, mean_mq, low_vaf, 0.5]
