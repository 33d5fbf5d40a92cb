from sklearn.ensemble import HistGradientBoostingClassifier

from encode import encode_candidates


def fit(candidates, is_real, vcf_path, contig="chr20"):
    features = encode_candidates(candidates, vcf_path, contig)
    return HistGradientBoostingClassifier().fit(features, is_real)
