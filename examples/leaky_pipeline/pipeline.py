"""Build the training set: candidates from the BAM, labels from the truth VCF, features per site."""

import numpy as np
import pysam
from features import extract_features


def read_truth(vcf_path, contig):
    """Truth variants of one contig: position -> allele frequency of the first sample."""
    with pysam.VariantFile(vcf_path) as vcf:
        return {rec.pos: rec.samples[0].get("AF", 0.5) for rec in vcf.fetch(contig)}


def build_training_set(columns, vcf_path, contig):
    truth = read_truth(vcf_path, contig)
    rows, labels = [], []
    for column in columns:
        is_var = column.pos in truth
        vaf_truth = truth.get(column.pos, 0.0)
        rows.append(extract_features(column, is_var=is_var, vaf_truth=vaf_truth))
        labels.append(int(is_var))
    return np.stack(rows), np.asarray(labels)


def train(columns, vcf_path, contig, model):
    X, y = build_training_set(columns, vcf_path, contig)
    return model.fit(X, y)
