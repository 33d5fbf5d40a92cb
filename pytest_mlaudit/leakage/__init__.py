"""Dynamic label-leak probes (§5 and §8 item 3 of the paper). See docs/leakage.md.

1. ``label_dependence`` / ``assert_no_label_dependence``: rerun the feature function with the
   label permuted, constant and removed; every column that changes or fails depends on the label.
2. ``single_feature_auroc``: each feature alone against the label (Stage 2).
3. ``counterfactual_retrain`` / ``compare_counterfactual`` / ``replace_with_noise``: retrain with
   the suspect feature replaced by noise, compare metric and collapses by seed (Stage 3, Table 2);
   ``@counterfactual_noise(column)`` (`decorator.py`, its check in `checks.py`, its axis in
   `axes.py`) runs the same comparison as an axis of a ``@seed_sweep``.

Names resolve on first access (PEP 562): importing this package does not import numpy.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "label_dependence": "pytest_mlaudit.leakage.rename",
    "assert_no_label_dependence": "pytest_mlaudit.leakage.rename",
    "LabelDependence": "pytest_mlaudit.leakage.rename",
    "single_feature_auroc": "pytest_mlaudit.leakage.scan",
    "FeatureScan": "pytest_mlaudit.leakage.scan",
    "counterfactual_retrain": "pytest_mlaudit.leakage.counterfactual",
    "compare_counterfactual": "pytest_mlaudit.leakage.counterfactual",
    "replace_with_noise": "pytest_mlaudit.leakage.counterfactual",
    "Counterfactual": "pytest_mlaudit.leakage.counterfactual",
    "counterfactual_noise": "pytest_mlaudit.leakage.decorator",
    "CounterfactualNoise": "pytest_mlaudit.leakage.checks",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
