import numpy as np


def bootstrap_minority(matrix, outcome, wanted, seed=0):
    """Grow every class to `wanted[c]` rows by drawing its own rows with replacement and
    jittering them by the class's spread."""
    draw = np.random.default_rng(seed)
    grown = [matrix.copy()]
    grown_outcome = [outcome.copy()]
    for cls, extra in wanted.items():
        members = np.flatnonzero(outcome == cls)
        picked = draw.choice(members, size=extra, replace=True)
        spread = np.std(matrix[members, :], axis=0)
        jitter = draw.standard_normal((extra, matrix.shape[1])) * spread
        grown.append(matrix[picked, :] + jitter)
        grown_outcome.append(np.full(extra, cls))
    X_grown = np.vstack(grown)
    y_grown = np.concatenate(grown_outcome)
    return X_grown, y_grown
