"""A realistic stand-in for a real tabular dataset, for benchmarks, docs and tests.

It has what makes real data hard to imitate with a Gaussian mixture: correlated features, skewed
marginals (log-normal, bounded fractions), two hard-coded constant columns (as in the paper's
12-feature layout) and heterogeneous per-class difficulty: most positives are easy, a minority of
"hard" positives sit inside the negative cloud, and negatives have heavy tails.
"""

from __future__ import annotations

import numpy as np


def make_hard_positive_dataset(
    n: int = 8000,
    prevalence: float = 0.25,
    hard_positive_fraction: float = 0.15,
    n_features: int = 12,
    negative_tail_df: float | None = 4.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(X, y)`` with ``n`` rows, exactly ``round(prevalence * n)`` positives."""
    if n_features < 6:
        raise ValueError(f"n_features must be at least 6, got {n_features!r}")
    rng = np.random.default_rng(seed)
    n_pos = int(round(prevalence * n))
    y = np.zeros(n, dtype=int)
    y[:n_pos] = 1
    rng.shuffle(y)
    n_latent = n_features - 2  # two columns are constants
    lag = np.abs(np.subtract.outer(np.arange(n_latent), np.arange(n_latent)))
    correlation = 0.6**lag  # neighbouring features correlate, as pileup statistics do
    latent = rng.multivariate_normal(np.zeros(n_latent), correlation, size=n)
    if negative_tail_df is not None:
        # Negatives: heavy-tailed (multivariate Student t) so some of them look like positives.
        negatives = y == 0
        tails = np.sqrt(
            negative_tail_df / rng.chisquare(negative_tail_df, size=int(negatives.sum()))
        )
        latent[negatives] *= tails[:, None]
    shift_direction = np.linspace(1.0, 0.2, n_latent)
    shift_direction /= np.linalg.norm(shift_direction)
    hard = (y == 1) & (rng.uniform(size=n) < hard_positive_fraction)
    shift = np.where(y == 1, 5.0, 0.0)
    shift[hard] = 0.4
    latent += shift[:, None] * shift_direction
    columns = []
    for j in range(n_latent):
        if j % 3 == 0:
            columns.append(np.exp(0.5 * latent[:, j]) * 30.0)  # depth-like, log-normal
        elif j % 3 == 1:
            columns.append(1.0 / (1.0 + np.exp(-latent[:, j])))  # a fraction in (0, 1)
        else:
            columns.append(latent[:, j])
    X = np.column_stack(columns[:6] + [np.full(n, 0.5), np.full(n, 0.5)] + columns[6:])
    return X, y
