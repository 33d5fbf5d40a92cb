from sklearn.ensemble import RandomForestClassifier

from annotate import label_reads
from features import read_features


def train(bam_path, vcf_path):
    reads, labels = label_reads(bam_path, vcf_path)
    return RandomForestClassifier().fit(read_features(reads), labels)
