"""``@longitudinal``: the test is called once per build (keyword ``build``) and judged as the seed
paper judges a rebuild. Stacks with ``@seed_sweep`` (then every seed is judged separately).

    @longitudinal(builds=[Build("cpu", "fp64", 1, threads=1), Build("cpu", "fp64", 1, threads=2),
                          Build("cuda", "fp64", 1)], tau="roc", p=0.99)
    def test_rebuild(build, methylation):
        with build.apply():
            ...train...
        return longitudinal_run(labels, proba, holdout=(holdout_labels, holdout_proba),
                                params=model, snapshots=recorder.snapshots)

The first build is the reference (τ is chosen on it). With ``repeat=True`` every build also runs a
second time (``build.replicate == 2``) to prove same-build bitwise repeatability. Import-light.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core import arguments
from ..core.spec import Axis
from ..harness.decorate import (
    Decorator,
    Extension,
    TestFunction,
    is_bare,
    needs_arguments,
    sweep_decorator,
)
from . import checks
from .axes import BUILD_AXIS
from .builds import Build

DECORATOR = "longitudinal"


def longitudinal(
    builds: Sequence[Any],
    *,
    tau: float | str | Mapping[int, float] = "roc",
    p: float = 0.95,
    alpha: float | None = None,
    repeat: bool = True,
    positive_class: int = 0,
    max_sine: float | None = None,
) -> Decorator:
    """Judge rebuilds: repeatability, agreement of reportable calls, parameter divergence.

    - ``builds``: `Build` objects; the first is the reference. CUDA builds on a machine without CUDA
      are skipped and reported as such (a hardware fact, not a default).
    - ``tau``: the reporting cutoff, a number in [0, 1], or ``"roc"``: chosen on the reference
      build's holdout as the largest recall with perfect precision (class ``positive_class`` against
      the rest, as in the paper). For multiclass calls, one τ per reported class: a mapping
      ``{class index: τ}``, or ``"roc-per-class"`` (each class's τ chosen on the holdout from that
      class's calls). The test may return ``longitudinal_run(...)`` or a multiclass ``Run(labels,
      proba)`` (its (n, k) probabilities are the calls).
    - ``p``: required share of cases, among those reportable on every build, with the same call.
      ``alpha=None`` judges the observed share (the paper's definition on a given test set);
      ``alpha=0.05`` requires an exact one-sided binomial test to show the agreement rate > p.
    - ``max_sine``: fail when a build's final parameters are further than this vector sine from the
      reference's (default: report only).
    """
    if is_bare(builds):
        return needs_arguments(builds, DECORATOR, "@longitudinal(builds=[...], ...)")
    errors: list[str] = []
    builds = list(builds)
    if not builds or not all(isinstance(b, Build) for b in builds):
        errors.append(f"builds must be a non-empty list of Build objects, got {builds!r}")
    elif len({b.label for b in builds}) != len(builds):
        errors.append(
            f"builds must differ (two have the label {_duplicate([b.label for b in builds])!r})"
        )
    elif len(builds) < 2 and not repeat:
        errors.append("needs two builds, or one build with repeat=True")
    errors += _tau_errors(tau)
    errors += arguments.collect(
        arguments.in_interval("p", p, high_open=False),
        arguments.in_interval("alpha", alpha, optional=True),
    )
    if not arguments.is_int(positive_class) or positive_class < 0:
        errors.append(f"positive_class must be a class index >= 0, got {positive_class!r}")
    errors += arguments.collect(
        arguments.in_interval("max_sine", max_sine, low_open=False, high_open=False, optional=True)
    )

    def extension(function: TestFunction) -> Extension:
        values = list(builds) + ([b.again() for b in builds] if repeat else [])
        judge = checks.LongitudinalJudge(
            builds, tau=tau, p=p, alpha=alpha, positive_class=positive_class, max_sine=max_sine
        )
        return Extension(
            axes=[Axis(BUILD_AXIS, tuple(values), ids=tuple(b.label for b in values))],
            checks=[
                checks.BuildErrors(builds),
                checks.Repeatability(judge),
                checks.CallConsistency(judge),
                checks.ParameterDivergence(judge),
            ],
        )

    params = {
        "builds": [b.label for b in builds] if not errors else repr(builds),
        "repeat": repeat,
        "tau": dict(tau) if isinstance(tau, Mapping) else tau,
        "p": p,
        "alpha": alpha,
        "positive_class": positive_class,
        "max_sine": max_sine,
    }
    return sweep_decorator(DECORATOR, params, errors, extension)


TAU_RULES = ("roc", "roc-per-class")


def _tau_errors(tau: Any) -> list[str]:
    if isinstance(tau, Mapping):
        if not tau:
            return ["tau must not be an empty mapping"]
        for key, value in tau.items():
            if not arguments.is_int(key) or key < 0:
                return [f"tau mapping keys must be class indices >= 0, got {key!r}"]
            if not arguments.within(value, 0, 1, low_open=False, high_open=False):
                return [f"tau[{key!r}] must be a number in [0, 1], got {value!r}"]
        return []
    if tau in TAU_RULES or arguments.within(tau, 0, 1, low_open=False, high_open=False):
        return []
    return [
        f"tau must be 'roc', 'roc-per-class', a number in [0, 1] or a mapping class -> τ, got {tau!r}"
    ]


def _duplicate(labels: list[str]) -> str:
    return next(label for label in labels if labels.count(label) > 1)
