"""Longitudinal consistency: the same classifier rebuilt must not change reportable calls.

Same shape as every capability: `decorator.py` (``@longitudinal``), `checks.py` (build errors,
repeatability, call consistency, parameter divergence), `axes.py` (its axis, ``build``). Domain
modules, one job each: ``builds`` (what a build is, the proxies), ``calls`` (calls, scores, τ from a
holdout), ``agreement`` (calls compared across builds, the p-test), ``divergence`` (vector sine,
bitwise comparison, divergence curves), ``pairs`` (one build against another: a table row),
``runs`` (the Run a longitudinal test returns), ``curvature`` (how close training is to a saddle).

Names are loaded lazily so importing this package costs nothing: numpy, scipy and torch are
imported only by the functions that need them. The package is also callable, as the decorator it
shares its name with (`from pytest_mlaudit import longitudinal` finds either).
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports, make_callable

_HERE = "pytest_mlaudit.longitudinal"
_PUBLIC = {
    "Build": f"{_HERE}.builds",
    "BuildUnavailable": f"{_HERE}.builds",
    "reference_and_proxies": f"{_HERE}.builds",
    "difference": f"{_HERE}.builds",
    "calls_and_scores": f"{_HERE}.calls",
    "select_tau_roc": f"{_HERE}.calls",
    "TauSelection": f"{_HERE}.calls",
    "agreement": f"{_HERE}.call_agreement",
    "Agreement": f"{_HERE}.call_agreement",
    "consistency_test": f"{_HERE}.call_agreement",
    "vector_sine": f"{_HERE}.divergence",
    "bitwise_equal": f"{_HERE}.divergence",
    "first_difference": f"{_HERE}.divergence",
    "divergence_curve": f"{_HERE}.divergence",
    "as_flat_array": f"{_HERE}.divergence",
    "SnapshotRecorder": f"{_HERE}.divergence",
    "longitudinal": f"{_HERE}.decorator",
    "longitudinal_run": f"{_HERE}.runs",
    "compare_pair": f"{_HERE}.pairs",
    "trail_of": f"{_HERE}.pairs",
    "PairComparison": f"{_HERE}.pairs",
    "saddle_residual": f"{_HERE}.curvature",
    "SaddleResidual": f"{_HERE}.curvature",
    "BUILD_AXIS": f"{_HERE}.axes",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
make_callable(__name__, f"{_HERE}.decorator:longitudinal")
