"""``@variance_sources``: vary the sources of run-to-run variance independently, in a fully crossed
design, and report each one's share (the model is in `variance.decomposition`). Import-light."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core import arguments
from ..core.spec import Axis
from ..harness.decorate import (
    Decorator,
    Extension,
    TestFunction,
    accepts,
    is_bare,
    sweep_decorator,
)
from .axes import SOURCE_AXES
from .checks import VarianceShares

DECORATOR = "variance_sources"
BOOTSTRAP_MINIMUM = 100


def variance_sources(
    bare: TestFunction | None = None,
    /,
    *,
    init: bool = True,
    data_order: bool = True,
    split: bool = True,
    precision: Sequence[str] | None = None,
    device: Sequence[str] | None = None,
    n: int = 4,
    metric: str = "auroc",
    max_share: Mapping[str, float] | None = None,
    confidence: float = 0.95,
    bootstrap: int = 1000,
) -> Decorator:
    """Vary the sources of run-to-run variance independently and report each one's share.

    The test is called once per cell of the full factorial design with the keywords
    ``init_seed``, ``data_order_seed``, ``split_seed`` (each 0..n-1 when that source is on, 0 when it
    is off and the test takes the keyword), and ``precision``/``device`` when lists are given. It
    seeds its initialisation, its data order and its split from those keywords *separately*.
    ``metric`` is any metric the runs carry, by name: the built-in metrics of their task kind
    (binary f1/auroc/..., multiclass macro_f1/accuracy/..., regression rmse/r2/...), a user metric
    (``Run(metrics=...)``, ``register_metric``), or a number the test put in ``Run.extra[metric]``. ``max_share={"data_order": 0.5}`` fails the test when the
    lower confidence bound of that source's share is above 0.5; without it the shares are reported.
    Cost: n³ trainings for the three seed sources (64 at n=4), times the precision/device levels.
    `@variance_sources` without parentheses is `@variance_sources()`.
    """
    if bare is not None and is_bare(bare):
        return variance_sources()(bare)
    errors = arguments.collect(arguments.count_error("n", n, 2, why="levels per source"))
    if bare is not None:
        errors.append(f"takes keyword arguments only, such as n=4; got {bare!r}")
    lists = {"precision": precision, "device": device}
    for name, values in lists.items():
        if values is not None and (isinstance(values, str) or len(list(values)) < 2):
            errors.append(f"{name} must be None or a list of at least two values, got {values!r}")
    switched = {"init": init, "data_order": data_order, "split": split}
    on = [s for s, flag in switched.items() if flag] + [
        s for s, v in lists.items() if v is not None
    ]
    if not on:
        errors.append("every source is switched off: nothing varies")
    shares = dict(max_share or {})
    for source, limit in shares.items():
        if source not in SOURCE_AXES:
            errors.append(
                f"max_share names an unknown source {source!r}; sources: {', '.join(SOURCE_AXES)}"
            )
        else:
            errors += arguments.collect(
                arguments.in_interval(f"max_share[{source!r}]", limit, high_open=False)
            )
    errors += arguments.collect(
        arguments.in_interval("confidence", confidence),
        arguments.count_error("bootstrap", bootstrap, BOOTSTRAP_MINIMUM),
    )

    def extension(function: TestFunction) -> Extension:
        axes = []
        for source, flag in switched.items():
            name = SOURCE_AXES[source]
            if flag:
                axes.append(Axis(name, tuple(range(n))))
            elif accepts(function, name):
                axes.append(Axis(name, (0,)))
        for source, values in lists.items():
            if values is not None:
                axes.append(Axis(SOURCE_AXES[source], tuple(values)))
        check = VarianceShares(
            metric=metric, max_share=shares, confidence=confidence, bootstrap=bootstrap
        )
        return Extension(axes=axes, checks=[check])

    params = {
        "init": init,
        "data_order": data_order,
        "split": split,
        "precision": precision,
        "device": device,
        "n": n,
        "metric": metric,
        "max_share": shares,
        "confidence": confidence,
        "bootstrap": bootstrap,
    }
    return sweep_decorator(DECORATOR, params, errors, extension)
