import numpy as np
import pysam


def load_truth(path, chrom):
    truth = pysam.VariantFile(path)
    return {(r.pos, alt) for r in truth.fetch(chrom) for alt in (r.alts or ())}


def example_features(pileup_sites, truth_path, chrom):
    truth = load_truth(truth_path, chrom)
    feats = []
    for site in pileup_sites:
        seen = (site.pos, site.alt) in truth
        feats.append([site.depth, site.alt_frac, site.strand_bias, float(seen)])
    return np.array(feats)
