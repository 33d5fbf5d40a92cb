from sklearn.svm import SVC

from featurize import featurize_variant


def fit(sites, labels):
    X = [featurize_variant(s, lab) for s, lab in zip(sites, labels)]
    return SVC().fit(X, labels)
