"""Synthetic twins of a real dataset, and a report of how faithful each twin is.

``GaussianMixtureTwin`` matches prevalence, sample size and per-feature means and variances, with
a target Bayes AUROC; ``DifficultyCalibratedTwin`` also matches each class's difficulty
distribution (the paper's Remark 3.1). ``synthetic_real_consistency`` is the sweep decorator that
compares loss rankings on a twin and on the real data. See docs/synthetic.md.

Names resolve on first access (PEP 562), so importing this package costs nothing until a twin is
used: numpy and scipy load with the module that needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "DifficultyCalibratedTwin": "pytest_mlaudit.synthetic.twins",
    "GaussianMixtureTwin": "pytest_mlaudit.synthetic.twins",
    "TwinFidelity": "pytest_mlaudit.synthetic.fidelity",
    "difficulty_margins": "pytest_mlaudit.synthetic.reference_model",
    "make_hard_positive_dataset": "pytest_mlaudit.synthetic.standin",
    "synthetic_real_consistency": "pytest_mlaudit.consistency",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_mlaudit.synthetic' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list:
    return sorted(set(globals()) | set(_PUBLIC))
