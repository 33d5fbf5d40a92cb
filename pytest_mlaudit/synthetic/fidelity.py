"""How well a synthetic twin matches the real data it imitates.

Three questions, each with its own yardstick:

* marginals: per feature, the twin's mean error in units of the real standard deviation, and the
  relative error of its variance, against stated tolerances (defaults 0.05 sd and 10 %);
* separability: prevalence, the twin's Bayes AUROC where it is known, and the out-of-fold AUROC of
  the reference logistic regression on real and twin;
* difficulty (Remark 3.1): per class, the reference model's calibrated out-of-fold margins on
  real and twin, compared by the two-sample Kolmogorov-Smirnov statistic D (scipy.stats.ks_2samp).

Two p-values come with each D. The *nominal* one is ks_2samp's: it assumes the margins are
independent draws. They are not: all margins of one dataset are read off the same few fitted
models, so a dataset's whole margin distribution shifts with that dataset's estimation error. At
thousands of examples the nominal test can see this shift, and two independent samples of the
same process are rejected more often than 5 % of the time (``benchmarks/twin_fidelity.py``
measures it). The *Monte Carlo* p-value is a parametric bootstrap of the whole procedure under
the null "the real data is a draw from the twin's process": ``null_samples`` times, draw a dataset
of the real size from the twin, fit a new twin to it the same way, sample that twin, and compute D
between the two with refitted reference models. The observed D is ranked among these:
``p = (1 + #{D_null >= D_obs}) / (1 + null_samples)``; its smallest value is
``1 / (1 + null_samples)`` (0.025 at the default 39). Refitting the twin inside the bootstrap is
what makes the comparison fair: the real twin was fitted to the real data, which pulls D(real,
twin) down, and the null Ds carry the same pull (as in Lilliefors' correction of KS with
estimated parameters). Difficulty is judged on the Monte Carlo p-value when it is computed
(``null_samples > 0``), else on the nominal one, each class against ``ks_alpha / 2`` (Bonferroni
over the two classes; the false-alarm rate this gives is measured by benchmarks/twin_fidelity.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .reference_model import difficulty_margins

CLASS_NAMES = {0: "negative", 1: "positive"}


@dataclass(frozen=True)
class FeatureFidelity:
    feature: int
    real_mean: float
    twin_mean: float
    real_var: float
    twin_var: float
    mean_error_sd: float  # |twin mean - real mean| / real sd (0 for a constant feature)
    var_rel_error: float  # twin var / real var - 1 (0 for a constant feature matched exactly)
    within_tolerance: bool


@dataclass(frozen=True)
class DifficultyComparison:
    class_value: int
    n_real: int
    n_twin: int
    real_median_margin: float
    twin_median_margin: float
    ks_statistic: float
    nominal_p_value: float  # ks_2samp's, assuming independent margins
    monte_carlo_p_value: float | None  # rank of D among twin-vs-twin Ds; None if not computed

    @property
    def p_value(self) -> float:
        """The p-value the verdict uses: Monte Carlo when computed, else nominal."""
        return (
            self.nominal_p_value if self.monte_carlo_p_value is None else self.monte_carlo_p_value
        )


@dataclass(frozen=True)
class TwinFidelity:
    """The comparison of one twin sample with the real data; ``str()`` renders a table."""

    twin: str
    features: list[FeatureFidelity]
    mean_tolerance_sd: float
    var_tolerance: float
    real_prevalence: float
    twin_prevalence: float
    bayes_auroc: float | None
    target_auroc: float | None
    real_auroc: float
    twin_auroc: float
    difficulty: list[DifficultyComparison]
    ks_alpha: float
    null_samples: int
    notes: list[str] = field(default_factory=list)

    @property
    def marginals_ok(self) -> bool:
        return all(row.within_tolerance for row in self.features)

    @property
    def difficulty_ok(self) -> bool:
        """No class's margin distribution differs: each class's p-value (see ``p_value``) is above
        ``ks_alpha / 2`` (Bonferroni over the two classes, so that a twin that does match is
        called different at most ``ks_alpha`` of the time)."""
        return all(row.p_value > self.ks_alpha / 2 for row in self.difficulty)

    def __str__(self) -> str:
        lines = [
            f"{self.twin}: marginals within tolerance (|mean error| <= {self.mean_tolerance_sd:g} sd, "
            f"|variance error| <= {self.var_tolerance:.0%}): {'yes' if self.marginals_ok else 'NO'}",
            f"  {'feature':>7}  {'real mean':>11}  {'twin mean':>11}  {'err (sd)':>8}  "
            f"{'real var':>11}  {'twin var':>11}  {'var err':>8}",
        ]
        for row in self.features:
            lines.append(
                f"  {row.feature:>7}  {row.real_mean:>11.4g}  {row.twin_mean:>11.4g}  "
                f"{row.mean_error_sd:>8.4f}  {row.real_var:>11.4g}  {row.twin_var:>11.4g}  "
                f"{row.var_rel_error:>+8.2%}{'' if row.within_tolerance else '  <- out of tolerance'}"
            )
        lines.append(
            f"  prevalence: real {self.real_prevalence:.4f}, twin {self.twin_prevalence:.4f}"
        )
        if self.bayes_auroc is not None:
            target = f" (target {self.target_auroc:.4f})" if self.target_auroc is not None else ""
            lines.append(f"  Bayes AUROC of the twin: {self.bayes_auroc:.4f}{target}")
        lines.append(
            f"  reference-model AUROC (out of fold): real {self.real_auroc:.4f}, twin {self.twin_auroc:.4f}"
        )
        judged_by = (
            f"Monte Carlo p over {self.null_samples} twin datasets"
            if self.null_samples
            else "nominal p"
        )
        lines.append(
            "  per-class difficulty (calibrated out-of-fold margin), two-sample KS: "
            f"{'matches' if self.difficulty_ok else 'DIFFERS'} at alpha = {self.ks_alpha:g} "
            f"({judged_by}; Bonferroni over 2 classes: each p against {self.ks_alpha / 2:g})"
        )
        for comparison in self.difficulty:
            monte_carlo = (
                ""
                if comparison.monte_carlo_p_value is None
                else f", Monte Carlo p = {comparison.monte_carlo_p_value:.3g}"
            )
            lines.append(
                f"    {CLASS_NAMES[comparison.class_value]:>8}: n real {comparison.n_real}, n twin {comparison.n_twin}, "
                f"median margin real {comparison.real_median_margin:+.3f} twin {comparison.twin_median_margin:+.3f}, "
                f"KS D = {comparison.ks_statistic:.4f}, nominal p = {comparison.nominal_p_value:.3g}{monte_carlo}"
            )
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


def rank_auroc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Tie-aware AUROC (mid-ranks), the sweeps' own ``metrics.auroc``."""
    from ..core.metrics import auroc

    return auroc(labels, scores)


def _feature_rows(X_real, X_twin, mean_tol, var_tol) -> list[FeatureFidelity]:
    rows = []
    for j in range(X_real.shape[1]):
        real_mean, twin_mean = float(X_real[:, j].mean()), float(X_twin[:, j].mean())
        real_var, twin_var = float(X_real[:, j].var()), float(X_twin[:, j].var())
        if real_var > 0:
            mean_error = abs(twin_mean - real_mean) / np.sqrt(real_var)
            var_error = twin_var / real_var - 1.0
        else:  # a constant feature must stay the same constant
            mean_error = 0.0 if twin_mean == real_mean and twin_var == 0 else float("inf")
            var_error = 0.0 if twin_var == 0 else float("inf")
        rows.append(
            FeatureFidelity(
                feature=j,
                real_mean=real_mean,
                twin_mean=twin_mean,
                real_var=real_var,
                twin_var=twin_var,
                mean_error_sd=float(mean_error),
                var_rel_error=float(var_error),
                within_tolerance=bool(mean_error <= mean_tol and abs(var_error) <= var_tol),
            )
        )
    return rows


def compare_twin(
    twin,
    X_real: np.ndarray,
    y_real: np.ndarray,
    X_twin: np.ndarray,
    y_twin: np.ndarray,
    *,
    mean_tolerance_sd: float = 0.05,
    var_tolerance: float = 0.10,
    ks_alpha: float = 0.05,
    folds: int = 5,
    seed: int = 0,
    null_samples: int = 39,
) -> TwinFidelity:
    """Build the ``TwinFidelity`` of a twin sample against the real data (both validated)."""
    from scipy.stats import ks_2samp

    if not isinstance(null_samples, int) or null_samples < 0:
        raise ValueError(f"null_samples must be a non-negative integer, got {null_samples!r}")
    if not 0 < ks_alpha < 1:
        raise ValueError(f"ks_alpha must be in (0, 1), got {ks_alpha!r}")
    if X_real.shape[1] != X_twin.shape[1]:
        raise ValueError(
            f"X has {X_real.shape[1]} features but the twin was fitted on {X_twin.shape[1]}"
        )
    real_margins = difficulty_margins(X_real, y_real, folds=folds, seed=seed)
    twin_margins = difficulty_margins(X_twin, y_twin, folds=folds, seed=seed)
    # The margin of a negative is minus its logit, so the logit AUROC is recovered by sign.
    real_logits = np.where(y_real == 1, real_margins, -real_margins)
    twin_logits = np.where(y_twin == 1, twin_margins, -twin_margins)
    null_statistics = _null_statistics(twin, len(y_twin), null_samples, folds, seed)
    difficulty = []
    for class_value in (0, 1):
        real_class, twin_class = (
            real_margins[y_real == class_value],
            twin_margins[y_twin == class_value],
        )
        result = ks_2samp(real_class, twin_class)
        monte_carlo = None
        if null_samples:
            exceed = int(np.sum(null_statistics[:, class_value] >= result.statistic))
            monte_carlo = (1 + exceed) / (1 + null_samples)
        difficulty.append(
            DifficultyComparison(
                class_value=class_value,
                n_real=len(real_class),
                n_twin=len(twin_class),
                real_median_margin=float(np.median(real_class)),
                twin_median_margin=float(np.median(twin_class)),
                ks_statistic=float(result.statistic),
                nominal_p_value=float(result.pvalue),
                monte_carlo_p_value=monte_carlo,
            )
        )
    bayes = twin.bayes_auroc() if hasattr(twin, "bayes_auroc") else None
    notes = []
    if null_samples and 1.0 / (1 + null_samples) > ks_alpha / 2:
        notes.append(
            f"with null_samples={null_samples} the smallest Monte Carlo p-value is {1 / (1 + null_samples):.3g}, "
            f"above the per-class level {ks_alpha / 2:g}: the difficulty test cannot fail; use at least "
            f"{int(np.ceil(2 / ks_alpha))} null samples"
        )
    return TwinFidelity(
        twin=type(twin).__name__,
        features=_feature_rows(X_real, X_twin, mean_tolerance_sd, var_tolerance),
        mean_tolerance_sd=mean_tolerance_sd,
        var_tolerance=var_tolerance,
        real_prevalence=float(y_real.mean()),
        twin_prevalence=float(y_twin.mean()),
        bayes_auroc=bayes,
        target_auroc=getattr(twin, "target_auroc", None),
        real_auroc=rank_auroc(real_logits, y_real),
        twin_auroc=rank_auroc(twin_logits, y_twin),
        difficulty=difficulty,
        ks_alpha=ks_alpha,
        null_samples=null_samples,
        notes=notes,
    )


def _null_statistics(twin, size: int, null_samples: int, folds: int, seed: int) -> np.ndarray:
    """KS D per class of the whole fit-and-compare procedure, on data drawn from the twin itself."""
    from scipy.stats import ks_2samp

    statistics = np.empty((null_samples, 2))
    for draw in range(null_samples):
        # Seeds far from the compared sample's (0, 1, 2, ...), so no null dataset repeats it.
        base = 10_000 * (seed + 1) + 2 * draw
        X_null, y_null = twin.sample(size, seed=base)
        X_refit, y_refit = twin.refit(X_null, y_null).sample(size, seed=base + 1)
        null_margins = difficulty_margins(X_null, y_null, folds=folds, seed=seed)
        refit_margins = difficulty_margins(X_refit, y_refit, folds=folds, seed=seed)
        for class_value in (0, 1):
            statistics[draw, class_value] = ks_2samp(
                null_margins[y_null == class_value], refit_margins[y_refit == class_value]
            ).statistic
    return statistics
