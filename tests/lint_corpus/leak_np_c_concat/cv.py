from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from stack import with_prior


def evaluate(matrix, labels):
    scores = cross_val_score(LogisticRegression(), with_prior(matrix, labels, 0.3), labels, cv=5)
    return scores.mean()
