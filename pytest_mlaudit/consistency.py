"""``@synthetic_real_consistency``: the same losses, trained on synthetic and on real data.

Stacked with ``@seed_sweep``, the test is called once per (loss, domain, seed) with the keywords
``loss`` (one of ``losses``) and ``domain`` (``"synthetic"`` or ``"real"``) and returns a ``Run``.
``checks.consistency.LossRankingConsistency`` then judges whether the losses rank the same way in
both domains, and fails with a Table-1-style table when they do not. See docs/synthetic.md.

Import-light: numpy and scipy are imported by the check when it evaluates.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence

from .grid import Axis, extend_sweep

METRICS = ("f1", "auroc", "auprc", "brier", "ece", "positive_rate")


def _errors(losses, metric, alpha, test, unconfirmed) -> list:
    from .checks.consistency import TESTS, UNCONFIRMED_MODES

    errors = []
    if isinstance(losses, (str, bytes)) or not isinstance(losses, Sequence):
        errors.append(f"losses must be a list of at least two losses, got {losses!r}")
    elif len(losses) < 2:
        errors.append(f"losses needs at least two losses to rank, got {list(losses)!r}")
    elif len({str(loss) for loss in losses}) != len(losses):
        errors.append(f"losses must not repeat a loss, got {list(losses)!r}")
    if metric not in METRICS:
        errors.append(f"metric must be one of {METRICS!r}, got {metric!r}")
    if not isinstance(alpha, numbers.Real) or isinstance(alpha, bool) or not 0 < alpha < 1:
        errors.append(f"alpha must be in (0, 1), got {alpha!r}")
    if test not in TESTS:
        errors.append(f"test must be one of {TESTS!r}, got {test!r}")
    if unconfirmed not in UNCONFIRMED_MODES:
        errors.append(f"unconfirmed must be one of {UNCONFIRMED_MODES!r}, got {unconfirmed!r}")
    return errors


def synthetic_real_consistency(
    losses: Sequence = ("bce", "focal"),
    metric: str = "f1",
    *,
    alpha: float = 0.05,
    test: str = "wilcoxon",
    unconfirmed: str = "fail",
) -> Callable[[Callable], Callable]:
    """Sweep ``loss`` over ``losses`` and ``domain`` over ("synthetic", "real"); fail on an inversion.

    ``metric``: the Run metric compared (higher is better except brier and ece). ``test``:
    "wilcoxon" (signed-rank, default) or "paired-t", paired by seed within each domain, Holm-adjusted
    over all tests. ``unconfirmed``: what a ranking that is significant in one domain and a tie in
    the other does — "fail" (default), "warn" or "pass". Two significant differences of opposite
    sign (an inversion) always fail; ties in both domains pass.
    """
    errors = _errors(losses, metric, alpha, test, unconfirmed)

    def decorate(function: Callable) -> Callable:
        params = {
            "losses": [str(loss) for loss in losses] if not errors else repr(losses),
            "metric": metric,
            "alpha": alpha,
            "test": test,
            "unconfirmed": unconfirmed,
        }
        if errors:
            return extend_sweep(
                function, decorator="synthetic_real_consistency", params=params, errors=errors
            )
        from .checks.consistency import DOMAIN_AXIS, DOMAINS, LOSS_AXIS, LossRankingConsistency

        check = LossRankingConsistency(
            list(losses), metric=metric, alpha=alpha, test=test, unconfirmed=unconfirmed
        )
        wrapper = extend_sweep(
            function,
            decorator="synthetic_real_consistency",
            params=params,
            axis=Axis(LOSS_AXIS, tuple(losses), ids=tuple(str(loss) for loss in losses)),
            checks=[check],
        )
        # The second axis of the same decorator; its params are already recorded above.
        return extend_sweep(
            wrapper,
            decorator="synthetic_real_consistency",
            params={"axis": DOMAIN_AXIS},
            axis=Axis(DOMAIN_AXIS, DOMAINS),
        )

    return decorate
