from sklearn.ensemble import RandomForestClassifier

from annotate import tag_reads
from features import read_features


def train(bam_path, vcf_path, is_artifact):
    X = read_features(tag_reads(bam_path, vcf_path))
    return RandomForestClassifier().fit(X, is_artifact)
