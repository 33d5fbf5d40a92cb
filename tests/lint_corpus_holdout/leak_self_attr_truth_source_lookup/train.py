import numpy as np
from sklearn.ensemble import RandomForestClassifier

from genotype_codec import GenotypeCodec
from reads import PileupEncoder


def train(sites, genotypes, vcf_path, regions):
    encoder = PileupEncoder(min_mapq=30)
    encoder.load_reference_calls(vcf_path, regions)
    codec = GenotypeCodec()
    X = np.array([encoder.encode(site) for site in sites], dtype=float)
    y = np.array([codec.encode(gt) for gt in genotypes])
    return RandomForestClassifier(n_estimators=200).fit(X, y)
