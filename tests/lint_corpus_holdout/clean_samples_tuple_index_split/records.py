import numpy as np


def to_samples(variants):
    samples = []
    for v in variants:
        vec = [v.depth, v.gq, v.allele_balance]
        samples.append((np.asarray(vec, dtype=float), int(v.truth_label)))
    return samples
