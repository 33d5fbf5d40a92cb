from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import SGDClassifier

from text import site_tokens


def fit(sites, labels):
    hasher = FeatureHasher(n_features=2**12, input_type="string")
    X_hashed = hasher.transform(site_tokens(sites, labels))
    return SGDClassifier(loss="log_loss").fit(X_hashed, labels)
