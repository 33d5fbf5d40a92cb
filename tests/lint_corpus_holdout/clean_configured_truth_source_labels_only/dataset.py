import numpy as np
import pysam

from benchmark import load_high_confidence


def pileup_stats(bam, chrom, pos):
    depth = alt = 0
    for col in bam.pileup(chrom, pos - 1, pos, truncate=True):
        for read in col.pileups:
            depth += 1
            alt += int(not read.is_del and read.query_position is not None)
    return [depth, alt / max(depth, 1)]


def build(bam_path, vcf_path, candidates):
    confident = load_high_confidence(vcf_path)
    X, y = [], []
    with pysam.AlignmentFile(bam_path) as bam:
        for chrom, pos in candidates:
            X.append(pileup_stats(bam, chrom, pos))
            y.append(int((chrom, pos) in confident))
    return np.array(X), np.array(y)
