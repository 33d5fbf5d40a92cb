"""Longitudinal consistency: the same classifier rebuilt must not change reportable calls.

Submodules, one job each: ``builds`` (what a build is, the proxies), ``calls`` (calls, scores, τ
from a holdout), ``consistency`` (calls compared across builds, the p-test), ``divergence`` (vector
sine, bitwise comparison, divergence curves), ``pairs`` (one build against another: a table row),
``marker`` (the ``@longitudinal`` decorator). Names are loaded lazily so importing this package
costs nothing: numpy, scipy and torch are imported only by the functions that need them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_EXPORTS = {
    "Build": "builds",
    "BuildUnavailable": "builds",
    "reference_and_proxies": "builds",
    "difference": "builds",
    "calls_and_scores": "calls",
    "select_tau_roc": "calls",
    "TauSelection": "calls",
    "agreement": "consistency",
    "Agreement": "consistency",
    "consistency_test": "consistency",
    "vector_sine": "divergence",
    "bitwise_equal": "divergence",
    "first_difference": "divergence",
    "divergence_curve": "divergence",
    "as_flat_array": "divergence",
    "SnapshotRecorder": "divergence",
    "longitudinal": "marker",
    "longitudinal_run": "runs",
    "compare_pair": "pairs",
    "trail_of": "pairs",
    "PairComparison": "pairs",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
    return getattr(module, name)


class _DecoratorModule(types.ModuleType):
    """Lets ``from pytest_mlaudit import longitudinal`` be the decorator even though importing this
    package binds the name ``pytest_mlaudit.longitudinal`` to the package: calling the package
    calls ``longitudinal(...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .marker import longitudinal

        return longitudinal(*args, **kwargs)


sys.modules[__name__].__class__ = _DecoratorModule
