"""Dynamic label-leak probes (§5 and §8 item 3 of the paper). See docs/leakage.md.

1. ``label_dependence`` / ``assert_no_label_dependence``: rerun the feature function with the
   label permuted, constant and removed; every column that changes or fails depends on the label.
2. ``single_feature_auroc``: each feature alone against the label (Stage 2).
3. ``counterfactual_retrain`` / ``compare_counterfactual`` / ``replace_with_noise``: retrain with
   the suspect feature replaced by noise, compare metric and collapses by seed (Stage 3, Table 2);
   ``@counterfactual_noise(column)`` runs the same comparison as an axis of a ``@seed_sweep``.

Names resolve on first access (PEP 562): importing this package does not import numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

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
    "counterfactual_noise": "pytest_mlaudit.leakage.sweep",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_mlaudit.leakage' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list:
    return sorted(set(globals()) | set(_PUBLIC))
