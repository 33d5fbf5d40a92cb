import numpy as np

from features import allele_features
from vcf_io import truth_genotypes


def build(sites, vcf_path):
    gts = truth_genotypes(vcf_path)
    X, labels = [], []
    for site in sites:
        truth_gt = gts.get((site.chrom, site.pos), 0)
        X.append(allele_features(site, truth_gt))
        labels.append(int(truth_gt > 0))
    return np.array(X), np.array(labels)
