import numpy as np
from giab import load_truth_calls


def encode(candidates, vcf_path, region):
    known = load_truth_calls(vcf_path, region)
    matrix = []
    for cand in candidates:
        in_truth = cand.pos in known
        matrix.append([cand.depth, cand.alt_fraction, float(in_truth)])
    X = np.array(matrix, dtype=np.float32)
    return X
