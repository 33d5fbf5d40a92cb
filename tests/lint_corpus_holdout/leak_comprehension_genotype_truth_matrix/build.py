import numpy as np

from load import read_genotype_truth, read_sites


def build(calls_vcf, truth_vcf, sample):
    sites = read_sites(calls_vcf)
    genotype_truth = read_genotype_truth(truth_vcf, sample)
    X = np.array([[dp, qual, genotype_truth.get(pos, 0) > 0] for pos, dp, qual in sites])
    y = np.array([genotype_truth.get(pos, 0) for pos, _, _ in sites])
    return X, y
