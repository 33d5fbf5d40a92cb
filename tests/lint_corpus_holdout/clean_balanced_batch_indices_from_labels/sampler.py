import numpy as np


def balanced_indices(labels, per_class, rng):
    picks = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        picks.append(rng.choice(members, size=per_class, replace=len(members) < per_class))
    idx = np.concatenate(picks)
    rng.shuffle(idx)
    return idx
