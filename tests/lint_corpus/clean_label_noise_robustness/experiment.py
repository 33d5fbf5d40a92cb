from sklearn.linear_model import LogisticRegression

from noise import flip_labels


def run(X, y, rates=(0.0, 0.1, 0.2)):
    scores = {}
    for rate in rates:
        y_noisy = flip_labels(y, rate)
        scores[rate] = LogisticRegression().fit(X, y_noisy).score(X, y)
    return scores
