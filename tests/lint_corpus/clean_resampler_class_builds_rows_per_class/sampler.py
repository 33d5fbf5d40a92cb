import numpy as np


class MidpointOverSampler:
    """Adds rows halfway between random pairs of rows of the same class until every class has as
    many rows as the largest one."""

    def __init__(self, seed=0):
        self.seed = seed

    def fit_resample(self, X, y):
        self.counts_ = {cls: int(np.sum(y == cls)) for cls in np.unique(y)}
        return self._fit_resample(np.asarray(X), np.asarray(y))

    def _fit_resample(self, X, y):
        draw = np.random.default_rng(self.seed)
        largest = max(self.counts_.values())
        X_parts, y_parts = [X], [y]
        for cls, count in self.counts_.items():
            need = largest - count
            if need == 0:
                continue
            # draw rows of this class (a weight of one for its rows, zero for the others)
            weights = (y == cls).astype(float)
            weights = weights / weights.sum()
            left = X[draw.choice(len(y), need, p=weights)]
            right = X[draw.choice(len(y), need, p=weights)]
            X_parts.append((left + right) / 2.0)
            y_parts.append(np.full(need, cls))
        X_resampled = np.vstack(X_parts)
        y_resampled = np.concatenate(y_parts)
        return X_resampled, y_resampled
