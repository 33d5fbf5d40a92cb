"""pytest-mlaudit: methodology checks of applied-ML research as pytest assertions.

Importing this package must stay cheap: numpy, scipy and torch are imported lazily by the
modules that need them, never here. Public names resolve on first access (PEP 562).
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it; a new decorator adds one line here.
_PUBLIC = {
    "Run": "pytest_mlaudit.api",
    "seed_sweep": "pytest_mlaudit.api",
    "Axis": "pytest_mlaudit.grid",
    "extend_sweep": "pytest_mlaudit.grid",
    "cross_precision": "pytest_mlaudit.precision_sweep",
    "Precision": "pytest_mlaudit.precision",
    "quantize": "pytest_mlaudit.rounding",
    "synthetic_real_consistency": "pytest_mlaudit.consistency",
    "longitudinal": "pytest_mlaudit.longitudinal",
    "Build": "pytest_mlaudit.longitudinal",
    "longitudinal_run": "pytest_mlaudit.longitudinal",
    "counterfactual_noise": "pytest_mlaudit.leakage.sweep",
    "label_dependence": "pytest_mlaudit.leakage",
    "assert_no_label_dependence": "pytest_mlaudit.leakage",
    "single_feature_auroc": "pytest_mlaudit.leakage",
    "counterfactual_retrain": "pytest_mlaudit.leakage",
    "variance_sources": "pytest_mlaudit.variance_sources",
}

__all__ = sorted(_PUBLIC)

__getattr__, __dir__ = lazy_exports(globals(), _PUBLIC)
