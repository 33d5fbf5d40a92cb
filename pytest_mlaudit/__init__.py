"""pytest-mlaudit: methodology checks of applied-ML research as pytest assertions.

Importing this package must stay cheap: numpy, scipy and torch are imported lazily by the
modules that need them, never here. Public names resolve on first access (PEP 562). The layout
is described in docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from pytest_mlaudit import _moved
from pytest_mlaudit._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it; a new decorator adds one line here.
_PUBLIC = {
    "Run": "pytest_mlaudit.core.run",
    "Axis": "pytest_mlaudit.core.spec",
    "extend_sweep": "pytest_mlaudit.harness.decorate",
    "seed_sweep": "pytest_mlaudit.sweep.decorator",
    "cross_precision": "pytest_mlaudit.precision.decorator",
    "Precision": "pytest_mlaudit.precision.conditions",
    "quantize": "pytest_mlaudit.precision.rounding",
    "synthetic_real_consistency": "pytest_mlaudit.synthetic.decorator",
    "longitudinal": "pytest_mlaudit.longitudinal.decorator",
    "Build": "pytest_mlaudit.longitudinal.builds",
    "longitudinal_run": "pytest_mlaudit.longitudinal.runs",
    "counterfactual_noise": "pytest_mlaudit.leakage.decorator",
    "label_dependence": "pytest_mlaudit.leakage.rename",
    "assert_no_label_dependence": "pytest_mlaudit.leakage.rename",
    "single_feature_auroc": "pytest_mlaudit.leakage.scan",
    "counterfactual_retrain": "pytest_mlaudit.leakage.counterfactual",
    "variance_sources": "pytest_mlaudit.variance.decorator",
    "compare": "pytest_mlaudit.compare.decorator",
    "register_metric": "pytest_mlaudit.core.metric_names",
    "unregister_metric": "pytest_mlaudit.core.metric_names",
    "MalformedRun": "pytest_mlaudit.core.task",
    "record_dataset": "pytest_mlaudit.report.environment",
    "dataset_hash": "pytest_mlaudit.report.environment",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
_moved.install()  # the module paths of 0.1, deprecated (see _moved.py)
