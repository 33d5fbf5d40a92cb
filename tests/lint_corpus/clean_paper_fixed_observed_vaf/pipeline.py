import numpy as np
import pysam
from sklearn.neural_network import MLPClassifier

from features import extract_features


def read_truth(vcf_path):
    with pysam.VariantFile(vcf_path) as vcf:
        return {(rec.chrom, rec.pos): rec.samples[0].get("AF", 0.5) for rec in vcf}


def build_dataset(candidates, truth):
    rows = []
    for cand in candidates:
        is_var = (cand.chrom, cand.pos) in truth
        rows.append((extract_features(cand), int(is_var)))
    X = np.array([features for features, _ in rows])
    y = np.array([label for _, label in rows])
    return X, y


def train(candidates, vcf_path):
    X, y = build_dataset(candidates, read_truth(vcf_path))
    return MLPClassifier(hidden_layer_sizes=(16,)).fit(X, y)
