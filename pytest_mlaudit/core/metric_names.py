"""Which metrics exist, for which task kind, and which way is better: the one table of metric names.

Built-in metrics are listed per task kind (`BUILT_IN`); users add their own two ways, both of which
end up in every table, the JSON report and `mlaudit diff`:

- `Run(..., metrics={"mcc": 0.41})`: numbers the test computed itself;
- `register_metric("mcc", function)`: a function of the `Run`, computed for every run of every sweep
  (of the task kinds it names), in the process that ran the training.

Direction matters wherever a metric is judged (`min_metric`, "which condition is better"): a
registered metric says it (`lower_is_better=True`); a metric only ever given in `Run(metrics=...)`
and never registered is taken as higher-is-better unless its name is a built-in error
(`register_metric(name, lower_is_better=True)` without a function declares just the direction).

Import-light: no numpy here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import Any

BINARY = "binary"
MULTICLASS = "multiclass"
REGRESSION = "regression"
TASKS = (BINARY, MULTICLASS, REGRESSION)

# The metrics of every run of each kind, in the order reports list them. Multiclass runs also get
# one `recall_<class>` per class (`per_class_name`).
BUILT_IN: dict[str, tuple[str, ...]] = {
    BINARY: ("f1", "auroc", "auprc", "brier", "ece", "positive_rate"),
    MULTICLASS: (
        "accuracy",
        "balanced_accuracy",
        "macro_f1",
        "micro_f1",
        "auroc",
        "log_loss",
        "ece",
        "top_class_share",
    ),
    REGRESSION: ("rmse", "mae", "r2", "spearman"),
}
# The metric a sweep of each kind is summarised and judged by unless told otherwise.
PRIMARY = {BINARY: "f1", MULTICLASS: "macro_f1", REGRESSION: "rmse"}
# Built-in errors and losses: smaller is better. (For the others a larger value is better;
# positive_rate and top_class_share describe a run rather than grade it.)
LOWER_IS_BETTER_BUILT_IN = frozenset({"brier", "ece", "log_loss", "rmse", "mae"})
PER_CLASS_PREFIX = "recall_"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-\[\]]*$")


@dataclasses.dataclass(frozen=True)
class RegisteredMetric:
    """A user metric: `function(run) -> float` (None: direction only), for `tasks` (None: all)."""

    name: str
    function: Callable[[Any], float] | None
    lower_is_better: bool
    tasks: tuple[str, ...] | None

    def applies_to(self, task: str) -> bool:
        return self.function is not None and (self.tasks is None or task in self.tasks)


_REGISTRY: dict[str, RegisteredMetric] = {}


def built_in_names() -> frozenset[str]:
    return frozenset(name for names in BUILT_IN.values() for name in names)


def is_built_in(name: str) -> bool:
    return name in built_in_names() or name.startswith(PER_CLASS_PREFIX)


def per_class_name(label: Any) -> str:
    """'recall_2', 'recall_cat': the per-class recall of a multiclass run."""
    return f"{PER_CLASS_PREFIX}{label}"


def name_error(name: Any, where: str = "metric name") -> str | None:
    """Why `name` cannot name a metric (it becomes a JSON key, a table column, a CLI word)."""
    if not isinstance(name, str) or not _NAME.match(name):
        return f"{where} must be a word (letters, digits, _ . - [ ]), got {name!r}"
    return None


def register_metric(
    name: str,
    function: Callable[[Any], float] | None = None,
    *,
    lower_is_better: bool = False,
    tasks: Iterable[str] | None = None,
) -> Callable[[Any], float] | None:
    """Compute `function(run)` for every run of every sweep (of the task kinds in `tasks`; None:
    all) and report it as metric `name` beside the built-in ones; `lower_is_better` says its
    direction. Without `function`, only declares the direction of a metric given in
    `Run(metrics=...)`. Registering a name again replaces it; a built-in name is refused.
    Returns `function`, so it also works as a decorator factory's target:
    `register_metric("mcc", my_mcc)`.
    """
    problem = name_error(name)
    if problem:
        raise ValueError(f"register_metric: {problem}")
    if is_built_in(name):
        raise ValueError(f"register_metric: {name!r} is a built-in metric; choose another name")
    if function is not None and not callable(function):
        raise TypeError(f"register_metric: function must be callable, got {function!r}")
    kinds = None if tasks is None else tuple(tasks)
    if kinds is not None:
        unknown = [t for t in kinds if t not in TASKS]
        if unknown or not kinds:
            raise ValueError(f"register_metric: tasks must name some of {TASKS!r}, got {kinds!r}")
    _REGISTRY[name] = RegisteredMetric(name, function, bool(lower_is_better), kinds)
    return function


def unregister_metric(name: str) -> None:
    """Forget a registered metric (tests that register one clean up with this)."""
    _REGISTRY.pop(name, None)


def registered(task: str | None = None) -> list[RegisteredMetric]:
    """Registered metrics with a function (for `task`, or all), in registration order."""
    return [m for m in _REGISTRY.values() if task is None or m.applies_to(task)]


def lower_is_better(name: str) -> bool:
    metric = _REGISTRY.get(name)
    if metric is not None:
        return metric.lower_is_better
    return name in LOWER_IS_BETTER_BUILT_IN


def direction(name: str) -> str:
    """'lower' or 'higher': which way `name` is better."""
    return "lower" if lower_is_better(name) else "higher"


def better_word(name: str) -> str:
    """'lower is better' / 'higher is better', for messages."""
    return f"{direction(name)} is better"


def primary(task: str | None, chosen: str | None = None) -> str:
    """The metric a sweep is summarised by: the one chosen (`seed_sweep(metric=...)`), else its
    task kind's default (f1, macro_f1, rmse)."""
    if chosen:
        return chosen
    return PRIMARY.get(task or BINARY, PRIMARY[BINARY])
