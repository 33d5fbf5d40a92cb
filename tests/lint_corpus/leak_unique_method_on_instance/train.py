from sklearn.linear_model import LogisticRegression

from featurizer import VariantFeaturizer


def main(candidates, labels):
    featurizer = VariantFeaturizer(window=100)
    X_train = featurizer.encode(candidates, labels)
    return LogisticRegression().fit(X_train, labels)
