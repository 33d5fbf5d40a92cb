import numpy as np
import pysam

from truthset import load_truth


def pileup_vector(bam, chrom, pos):
    depths = [col.nsegments for col in bam.pileup(chrom, pos, pos + 1, truncate=True)]
    return [depths[0] if depths else 0, pos % 3]


def build(bam_path, vcf_path, sites):
    truth = load_truth(vcf_path)
    bam = pysam.AlignmentFile(bam_path)
    X = np.array([pileup_vector(bam, c, p) for c, p in sites])
    y = np.array([(c, p) in truth for c, p in sites], dtype=int)
    return X, y
