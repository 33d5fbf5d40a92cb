import numpy as np


def extract_features(cand):
    depth = cand.depth
    alt_freq = cand.alt_reads / max(depth, 1)
    low_vaf = float(alt_freq < 0.05)
    return [depth, alt_freq, float(np.mean(cand.base_quals)), low_vaf]
