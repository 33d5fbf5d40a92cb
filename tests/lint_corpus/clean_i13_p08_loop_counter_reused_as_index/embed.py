import numpy as np
from sklearn.linear_model import LogisticRegression


def train(texts, labels, embed, dim=64):
    counts = {}
    for i, lab in enumerate(labels):
        counts[lab] = counts.get(lab, 0) + 1
    print("class counts", counts, "last index", i)
    X = np.zeros((len(texts), dim))
    for i in range(len(texts)):
        X[i] = embed(texts[i])
    return LogisticRegression().fit(X, labels)
