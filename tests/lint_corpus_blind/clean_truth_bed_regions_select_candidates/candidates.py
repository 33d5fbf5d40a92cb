import bisect

import numpy as np

from giab import confident_intervals, truth_alleles


def inside(pos, starts, intervals):
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and intervals[i][0] <= pos < intervals[i][1]


def training_set(cands, truth_vcf, truth_bed, contig):
    intervals = sorted(confident_intervals(truth_bed, contig))
    starts = [s for s, _ in intervals]
    truth = truth_alleles(truth_vcf, contig)
    kept = [c for c in cands if inside(c.pos, starts, intervals)]
    X = np.array([[c.depth, c.alt_count / max(c.depth, 1), c.base_q, c.map_q] for c in kept])
    y = np.array([(c.pos, c.alt) in truth for c in kept], dtype=int)
    return X, y
