from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import SGDClassifier

from rows import claim_row


def train(claims):
    vec = DictVectorizer()
    X = vec.fit_transform([claim_row(c) for c in claims])
    y = [c.denied for c in claims]
    return vec, SGDClassifier(loss="log_loss").fit(X, y)
