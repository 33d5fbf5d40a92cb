"""Trees built in parallel with scikit-learn's own wrapper of joblib: calling the Parallel object
runs the jobs; the encoded target is each job's target, not a model's input."""

import numpy as np
from sklearn.preprocessing import LabelEncoder
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.parallel import Parallel, delayed


def _build_tree(tree, X, y, seed):
    rows = np.random.default_rng(seed).integers(0, len(y), size=len(y))
    return tree.fit(X[rows], y[rows])


def build_forest(X, y, n_trees=10, n_jobs=2):
    y_encoded = LabelEncoder().fit_transform(y)
    trees = [DecisionTreeClassifier(max_features="sqrt") for _ in range(n_trees)]
    return Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(_build_tree)(tree, X, y_encoded, seed) for seed, tree in enumerate(trees)
    )
