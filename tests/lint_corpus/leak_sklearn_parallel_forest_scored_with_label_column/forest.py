"""Trees built in parallel with scikit-learn's wrapper of joblib, then scored on a matrix that
carries the encoded target as its last column."""

import numpy as np
from sklearn.preprocessing import LabelEncoder
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.parallel import Parallel, delayed


def _build_tree(tree, X, y, seed):
    rows = np.random.default_rng(seed).integers(0, len(y), size=len(y))
    return tree.fit(X[rows], y[rows])


def build_and_score(X, y, n_trees=10, n_jobs=2):
    y_encoded = LabelEncoder().fit_transform(y)
    X_full = np.column_stack([X, y_encoded])
    trees = [DecisionTreeClassifier(max_features="sqrt") for _ in range(n_trees)]
    fitted = Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(_build_tree)(tree, X_full, y_encoded, seed) for seed, tree in enumerate(trees)
    )
    return [tree.score(X_full, y_encoded) for tree in fitted]
