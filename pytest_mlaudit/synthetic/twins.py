"""Synthetic twins of a real binary-classification dataset.

Both twins draw a latent point ``z`` in R^d, then map every feature by its own affine map
``x_j = offset_j + scale_j * z_j`` chosen so that the twin's per-feature mean and variance equal
the real data's. The class structure lives along one unit direction ``u`` of the latent space;
the directions orthogonal to ``u`` are isotropic noise that carries no label information.

``GaussianMixtureTwin`` is the paper's generator (§2.6): two isotropic Gaussian components
``N(mu_c, I)`` with ``mu_1 - mu_0 = delta * u``. For two Gaussians with a shared covariance
``sigma^2 I`` the Bayes-optimal score is the projection ``s = u . z``, which is
``N(u . mu_c, sigma^2)`` within class c, so

    Bayes AUROC = P(s_1 > s_0) = Phi(delta / (sigma * sqrt(2)))

and the separation for a target AUROC is ``delta = sigma * sqrt(2) * Phi^-1(target)``. Any
invertible per-feature map keeps the likelihood ratio, hence the Bayes AUROC: with the map the
class covariance becomes ``diag(scale^2)`` and the Mahalanobis separation
``sqrt(sum_j (scale_j delta u_j)^2 / scale_j^2) = delta`` is unchanged. ``bayes_auroc()`` computes
it again in feature space from the mapped parameters, so the claim is checked, not assumed.

``DifficultyCalibratedTwin`` also matches how hard each class is (Remark 3.1): it measures the
calibrated out-of-fold logit of a reference logistic regression on every real example, and
places each synthetic example of class c along ``u`` at a draw ``t`` from the real class-c logit
distribution (its empirical quantile function, linearly interpolated). A logistic regression
refitted on the twin recovers ``u``, and after the same calibration its logit is about ``t``:
calibrated logits are the log-odds of the label given ``t``, which is what a refit estimates. So
the per-class margin distributions match. (Uncalibrated out-of-fold logits would not round-trip:
the twin's refit would shrink or stretch them by the folds' overfitting.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .reference_model import calibrated_out_of_fold_logits

if TYPE_CHECKING:
    from .fidelity import TwinFidelity


def validate_dataset(
    X, y, *, x_name: str = "X", y_name: str = "y"
) -> tuple[np.ndarray, np.ndarray]:
    """Return (X as float 2-D, y as 0/1 int) or raise ValueError naming the bad parameter."""
    try:
        X_arr = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{x_name} must be numeric: {error}") from None
    if X_arr.ndim != 2:
        raise ValueError(f"{x_name} must be 2-D (examples x features), got shape {X_arr.shape}")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != len(X_arr):
        raise ValueError(
            f"{y_name} must be 1-D with one label per row of {x_name}: "
            f"got shape {y_arr.shape} for {len(X_arr)} rows"
        )
    bad_rows = np.flatnonzero(~np.isfinite(X_arr).all(axis=1))
    if len(bad_rows):
        raise ValueError(f"{x_name} has NaN or infinite values, first in row {int(bad_rows[0])}")
    values = set(np.unique(y_arr).tolist())
    if not values <= {0, 1}:
        raise ValueError(f"{y_name} must hold binary labels 0/1, got values {sorted(values)[:5]!r}")
    y_int = y_arr.astype(int)
    if len(set(y_int.tolist())) < 2:
        raise ValueError(f"{y_name} must contain both classes, got only {int(y_int[0])!r}")
    return X_arr, y_int


def _separation_direction(X: np.ndarray, y: np.ndarray, varying: np.ndarray) -> np.ndarray:
    """Unit direction of the standardised class-mean difference over the varying features."""
    direction = np.zeros(X.shape[1])
    sd = X[:, varying].std(axis=0)
    gap = (X[y == 1][:, varying].mean(axis=0) - X[y == 0][:, varying].mean(axis=0)) / sd
    if not np.any(gap):
        gap = np.ones(int(varying.sum()))  # no mean difference at all: spread over every feature
    direction[varying] = gap / np.linalg.norm(gap)
    return direction


def _marginal_map(
    real_mean: np.ndarray, real_var: np.ndarray, latent_mean: np.ndarray, latent_var: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature (offset, scale) taking the latent marginals onto the real ones."""
    scale = np.sqrt(real_var / latent_var)
    offset = real_mean - scale * latent_mean
    return offset, scale


class _Twin:
    """Shared fitting state and sampling; subclasses draw the latent class structure."""

    prevalence: float
    n_real: int
    direction: np.ndarray
    offset: np.ndarray
    scale: np.ndarray

    def _fit_marginals(self, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        self.prevalence = float(y.mean())
        self.n_real = len(y)
        self.n_features = X.shape[1]
        self.real_mean = X.mean(axis=0)
        self.real_var = X.var(axis=0)
        varying = self.real_var > 0
        if not varying.any():
            raise ValueError("X has no feature that varies: there is nothing to imitate")
        self.direction = _separation_direction(X, y, varying)
        return varying

    def _set_map(
        self, varying: np.ndarray, latent_mean: np.ndarray, latent_var: np.ndarray
    ) -> None:
        # A constant real feature stays constant in the twin: scale 0, and the direction is 0
        # there, so no class information is lost by the non-invertible map.
        offset, scale = _marginal_map(
            self.real_mean[varying],
            self.real_var[varying],
            latent_mean[varying],
            latent_var[varying],
        )
        self.offset = self.real_mean.copy()
        self.scale = np.zeros(self.n_features)
        self.offset[varying] = offset
        self.scale[varying] = scale

    fit_options: dict

    def _latent(self, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def refit(self, X, y) -> _Twin:
        """The same kind of twin, with the same options, fitted to other data."""
        # every twin class has its own `fit` classmethod, with its own options
        fit = getattr(type(self), "fit")  # noqa: B009
        twin: _Twin = fit(X, y, **self.fit_options)
        return twin

    def sample(self, n: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` examples (default: the real sample size) with exactly the real prevalence.

        The number of positives is ``round(prevalence * n)``, so prevalence is matched without
        sampling noise; rows come in random order.
        """
        if not hasattr(self, "offset"):
            raise RuntimeError(f"{type(self).__name__} is not fitted: call .fit(X, y) first")
        n = self.n_real if n is None else n
        if not isinstance(n, (int, np.integer)) or n < 2:
            raise ValueError(f"n must be an integer of at least 2, got {n!r}")
        rng = np.random.default_rng(seed)
        n_pos = int(round(self.prevalence * n))
        labels = np.zeros(n, dtype=int)
        labels[:n_pos] = 1
        rng.shuffle(labels)
        latent = self._latent(labels, rng)
        return self.offset + self.scale * latent, labels

    def fidelity_report(self, X, y, *, seed: int = 0, **tolerances) -> TwinFidelity:
        """Compare a twin sample of the real size with the real (X, y); see ``TwinFidelity``."""
        from pytest_mlaudit.synthetic.fidelity import compare_twin

        X_real, y_real = validate_dataset(X, y)
        X_twin, y_twin = self.sample(len(y_real), seed=seed)
        return compare_twin(self, X_real, y_real, X_twin, y_twin, **tolerances)


class GaussianMixtureTwin(_Twin):
    """Two isotropic Gaussian components at a separation chosen for a target Bayes AUROC.

    Matches the real prevalence, sample size and per-feature means and variances; the classes
    are equally hard by construction (the paper's §2.6 generator, the one Remark 3.1 faults).
    """

    separation: float  # the fitted attributes (set by `fit`)
    negative_mean: np.ndarray
    positive_mean: np.ndarray

    def __init__(self) -> None:
        self.target_auroc: float | None = None

    @classmethod
    def fit(cls, X, y, target_auroc: float = 0.99) -> GaussianMixtureTwin:
        from scipy.stats import norm

        if not 0.5 < target_auroc < 1.0:
            raise ValueError(f"target_auroc must be in (0.5, 1), got {target_auroc!r}")
        X_arr, y_arr = validate_dataset(X, y)
        twin = cls()
        twin.fit_options = {"target_auroc": target_auroc}
        varying = twin._fit_marginals(X_arr, y_arr)
        twin.target_auroc = float(target_auroc)
        twin.separation = math.sqrt(2.0) * float(norm.ppf(target_auroc))  # sigma = 1
        prevalence = twin.prevalence
        # Centre the mixture: mu_0 = -pi delta u, mu_1 = (1 - pi) delta u, so E[z] = 0.
        twin.negative_mean = -prevalence * twin.separation * twin.direction
        twin.positive_mean = (1.0 - prevalence) * twin.separation * twin.direction
        latent_var = 1.0 + prevalence * (1.0 - prevalence) * (twin.separation * twin.direction) ** 2
        twin._set_map(varying, np.zeros(twin.n_features), latent_var)
        return twin

    def _latent(self, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        noise = rng.standard_normal((len(labels), self.n_features))
        means = np.where(labels[:, None] == 1, self.positive_mean, self.negative_mean)
        return means + noise

    def _feature_space_parameters(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        varying = self.scale > 0
        mean_pos = (self.offset + self.scale * self.positive_mean)[varying]
        mean_neg = (self.offset + self.scale * self.negative_mean)[varying]
        return mean_pos, mean_neg, self.scale[varying] ** 2  # class covariance diag(scale^2)

    def bayes_auroc(self) -> float:
        """Bayes-optimal AUROC computed in feature space from the mapped parameters."""
        from scipy.stats import norm

        mean_pos, mean_neg, variance = self._feature_space_parameters()
        mahalanobis = math.sqrt(float(np.sum((mean_pos - mean_neg) ** 2 / variance)))
        return float(norm.cdf(mahalanobis / math.sqrt(2.0)))

    def bayes_score(self, X) -> np.ndarray:
        """The log-likelihood ratio (up to a constant) of the fitted mixture: the Bayes score."""
        mean_pos, mean_neg, variance = self._feature_space_parameters()
        varying = self.scale > 0
        return np.asarray(X, dtype=float)[:, varying] @ ((mean_pos - mean_neg) / variance)


class DifficultyCalibratedTwin(_Twin):
    """A twin whose per-class difficulty distribution matches the real data's.

    Difficulty is measured by ``reference_model.difficulty_margins`` (out-of-fold logistic
    regression). Marginal means and variances are matched as in ``GaussianMixtureTwin``; the
    separation is not a parameter, it is whatever the real data has.
    """

    #: points of the quantile grid used to compute the latent moments of the logit distribution
    _GRID = 20001

    l2: float  # the fitted attributes (set by `fit`)
    class_logits: dict[int, np.ndarray]
    noise_sd: float

    def __init__(self) -> None:
        self.folds = 5
        self.fold_seed = 0

    @classmethod
    def fit(
        cls, X, y, *, folds: int = 5, seed: int = 0, l2: float = 1e-3
    ) -> DifficultyCalibratedTwin:
        X_arr, y_arr = validate_dataset(X, y)
        twin = cls()
        twin.fit_options = {"folds": folds, "seed": seed, "l2": l2}
        twin.folds, twin.fold_seed, twin.l2 = folds, seed, l2
        varying = twin._fit_marginals(X_arr, y_arr)
        logits = calibrated_out_of_fold_logits(
            X_arr[:, varying], y_arr, folds=folds, seed=seed, l2=l2
        )
        twin.class_logits = {
            class_value: np.sort(logits[y_arr == class_value]) for class_value in (0, 1)
        }
        grid = np.linspace(0.0, 1.0, cls._GRID)
        moments = {}
        for class_value in (0, 1):
            values = twin._quantile(class_value, grid)
            moments[class_value] = (values.mean(), values.var())
        prevalence = twin.prevalence
        (mean_neg, var_neg), (mean_pos, var_pos) = moments[0], moments[1]
        position_mean = prevalence * mean_pos + (1 - prevalence) * mean_neg
        position_var = (
            prevalence * var_pos
            + (1 - prevalence) * var_neg
            + prevalence * (1 - prevalence) * (mean_pos - mean_neg) ** 2
        )
        # Orthogonal noise with the same variance as the class direction, so no feature is
        # dominated by pure noise; its size does not change any logit along u.
        twin.noise_sd = math.sqrt(position_var)
        u = twin.direction
        latent_mean = position_mean * u
        latent_var = position_var * u**2 + twin.noise_sd**2 * (1.0 - u**2)
        twin._set_map(varying, latent_mean, latent_var)
        return twin

    def _quantile(self, class_value: int, probabilities: np.ndarray) -> np.ndarray:
        ordered = self.class_logits[class_value]
        positions = np.linspace(0.0, 1.0, len(ordered))
        return np.interp(probabilities, positions, ordered)

    def _latent(self, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        u = self.direction
        noise = rng.standard_normal((len(labels), self.n_features)) * self.noise_sd
        noise -= np.outer(noise @ u, u)  # keep only the part orthogonal to u
        position = np.empty(len(labels))
        for class_value in (0, 1):
            members = labels == class_value
            position[members] = self._quantile(class_value, rng.uniform(size=int(members.sum())))
        return np.outer(position, u) + noise
