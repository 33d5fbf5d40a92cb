from sklearn.linear_model import LogisticRegression

from candidates import training_set


def fit(cands, truth_vcf, truth_bed):
    X, y = training_set(cands, truth_vcf, truth_bed, "chr21")
    return LogisticRegression(max_iter=2000).fit(X, y)
