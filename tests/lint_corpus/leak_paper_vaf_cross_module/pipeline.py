import numpy as np
import pysam
from sklearn.neural_network import MLPClassifier

from features import extract_features


def read_truth(vcf_path):
    truth = {}
    with pysam.VariantFile(vcf_path) as vcf:
        for rec in vcf:
            truth[(rec.chrom, rec.pos)] = rec.samples[0].get("AF", 0.5)
    return truth


def build_dataset(candidates, truth):
    rows, labels = [], []
    for cand in candidates:
        is_var = (cand.chrom, cand.pos) in truth
        vaf_truth = truth.get((cand.chrom, cand.pos), 0.0)
        rows.append(extract_features(cand, is_var=is_var, vaf_truth=vaf_truth))
        labels.append(int(is_var))
    return np.asarray(rows), np.asarray(labels)


def train(candidates, vcf_path):
    X, y = build_dataset(candidates, read_truth(vcf_path))
    return MLPClassifier(hidden_layer_sizes=(16,)).fit(X, y)
