"""Synthetic twins of a real dataset, and a report of how faithful each twin is.

``GaussianMixtureTwin`` matches prevalence, sample size and per-feature means and variances, with
a target Bayes AUROC; ``DifficultyCalibratedTwin`` also matches each class's difficulty
distribution (the paper's Remark 3.1). ``synthetic_real_consistency`` is the sweep decorator that
compares loss rankings on a twin and on the real data. See docs/synthetic.md.

Names resolve on first access (PEP 562), so importing this package costs nothing until a twin is
used: numpy and scipy load with the module that needs them.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "DifficultyCalibratedTwin": "pytest_mlaudit.synthetic.twins",
    "GaussianMixtureTwin": "pytest_mlaudit.synthetic.twins",
    "TwinFidelity": "pytest_mlaudit.synthetic.fidelity",
    "difficulty_margins": "pytest_mlaudit.synthetic.reference_model",
    "make_hard_positive_dataset": "pytest_mlaudit.synthetic.standin",
    "synthetic_real_consistency": "pytest_mlaudit.consistency",
}

__all__ = sorted(_PUBLIC)

__getattr__, __dir__ = lazy_exports(globals(), _PUBLIC)
