"""``@counterfactual_noise``: the counterfactual retrain (probe 3) as an axis of a seed sweep.

Stacked with ``@seed_sweep``, the test is called once per seed with ``counterfactual="original"``
and once with ``counterfactual="noise"``; in the "noise" arm it replaces the suspect column with
``replace_with_noise(X, column, seed)``. The check pairs the two arms by seed and compares them
exactly as ``compare_counterfactual`` does (paired t and TOST on the metric, Fisher on Eq. 3
collapses), then passes when the verdict is the one expected:

* ``expect="unchanged"`` (default): the feature must be shown not to matter (TOST within
  ``margin``, no collapse difference). "changed" and "inconclusive" fail.
* ``expect="changed"``: the feature must be shown to matter (e.g. a test that the probe itself
  catches a planted leak).

Import-light: numpy and scipy load when the check evaluates.
"""

from __future__ import annotations

from typing import Any

from ..core import arguments, metrics
from ..core.spec import Axis
from ..harness.decorate import Decorator, Extension, is_bare, needs_arguments, sweep_decorator
from .axes import ARMS, COUNTERFACTUAL_AXIS
from .checks import EXPECTATIONS, CounterfactualNoise

DECORATOR = "counterfactual_noise"


def counterfactual_noise(
    column: Any,
    *,
    expect: str = "unchanged",
    metric: str = "f1",
    alpha: float = 0.05,
    margin: float = 0.01,
) -> Decorator:
    """Add the ``counterfactual`` axis ("original", "noise") and the check comparing its arms."""
    if is_bare(column):
        return needs_arguments(column, DECORATOR, "@counterfactual_noise(column, ...)")
    errors = arguments.collect(
        arguments.choice_error("expect", expect, EXPECTATIONS),
        arguments.choice_error("metric", metric, metrics.NAMES),
        arguments.alpha_error(alpha),
        arguments.positive_error("margin", margin),
    )
    params = {
        "column": repr(column),
        "expect": expect,
        "metric": metric,
        "alpha": alpha,
        "margin": margin,
    }
    return sweep_decorator(
        DECORATOR,
        params,
        errors,
        lambda function: Extension(
            axes=[Axis(COUNTERFACTUAL_AXIS, ARMS)],
            checks=[CounterfactualNoise(column, expect, metric, alpha, margin)],
        ),
    )
