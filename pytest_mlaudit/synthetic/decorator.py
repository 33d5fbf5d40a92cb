"""``@synthetic_real_consistency``: the same losses, trained on synthetic and on real data.

Stacked with ``@seed_sweep``, the test is called once per (loss, domain, seed) with the keywords
``loss`` (one of ``losses``) and ``domain`` (``"synthetic"`` or ``"real"``) and returns a ``Run``.
``synthetic.checks.LossRankingConsistency`` then judges whether the losses rank the same way in
both domains, and fails with a Table-1-style table when they do not. See docs/synthetic.md.

Import-light: numpy and scipy are imported by the check when it evaluates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core import arguments, metric_names
from ..core.spec import Axis
from ..harness.decorate import Decorator, Extension, is_bare, sweep_decorator
from .axes import DOMAIN_AXIS, DOMAINS, LOSS_AXIS
from .checks import TESTS, UNCONFIRMED_MODES, LossRankingConsistency

DECORATOR = "synthetic_real_consistency"


def _errors(losses: Any, metric: Any, alpha: Any, test: Any, unconfirmed: Any) -> list[str]:
    errors = []
    if isinstance(losses, (str, bytes)) or not isinstance(losses, Sequence):
        errors.append(f"losses must be a list of at least two losses, got {losses!r}")
    elif len(losses) < 2:
        errors.append(f"losses needs at least two losses to rank, got {list(losses)!r}")
    elif len({str(loss) for loss in losses}) != len(losses):
        errors.append(f"losses must not repeat a loss, got {list(losses)!r}")
    return errors + arguments.collect(
        metric_names.name_error(metric, "metric"),
        arguments.alpha_error(alpha),
        arguments.choice_error("test", test, TESTS),
        arguments.choice_error("unconfirmed", unconfirmed, UNCONFIRMED_MODES),
    )


def synthetic_real_consistency(
    losses: Sequence = ("bce", "focal"),
    metric: str = "f1",
    *,
    alpha: float = 0.05,
    test: str = "wilcoxon",
    unconfirmed: str = "fail",
) -> Decorator:
    """Sweep ``loss`` over ``losses`` and ``domain`` over ("synthetic", "real"); fail on an inversion.

    ``metric``: the Run metric compared, any metric by name (built-in or the user's: `Run(metrics=)`
    or `register_metric`), in its direction (lower is better for brier, ece, log_loss, rmse, mae
    and registered lower-is-better metrics). ``test``:
    "wilcoxon" (signed-rank, default) or "paired-t", paired by seed within each domain, Holm-adjusted
    over all tests. ``unconfirmed``: what a ranking that is significant in one domain and a tie in
    the other does — "fail" (default), "warn" or "pass". Two significant differences of opposite
    sign (an inversion) always fail; ties in both domains pass.
    """
    if is_bare(losses):  # @synthetic_real_consistency: the default losses
        return synthetic_real_consistency()(losses)
    errors = _errors(losses, metric, alpha, test, unconfirmed)
    params = {
        "losses": [str(loss) for loss in losses] if not errors else repr(losses),
        "metric": metric,
        "alpha": alpha,
        "test": test,
        "unconfirmed": unconfirmed,
    }
    return sweep_decorator(
        DECORATOR,
        params,
        errors,
        lambda function: Extension(
            axes=[
                Axis(LOSS_AXIS, tuple(losses), ids=tuple(str(loss) for loss in losses)),
                Axis(DOMAIN_AXIS, DOMAINS),
            ],
            checks=[
                LossRankingConsistency(
                    list(losses), metric=metric, alpha=alpha, test=test, unconfirmed=unconfirmed
                )
            ],
        ),
    )
