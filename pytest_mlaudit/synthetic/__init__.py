"""Synthetic twins of a real dataset, and a report of how faithful each twin is.

``GaussianMixtureTwin`` matches prevalence, sample size and per-feature means and variances, with
a target Bayes AUROC; ``DifficultyCalibratedTwin`` also matches each class's difficulty
distribution (the paper's Remark 3.1). See docs/synthetic.md.
"""

from pytest_mlaudit.synthetic.fidelity import TwinFidelity
from pytest_mlaudit.synthetic.reference_model import difficulty_margins
from pytest_mlaudit.synthetic.standin import make_hard_positive_dataset
from pytest_mlaudit.synthetic.twins import DifficultyCalibratedTwin, GaussianMixtureTwin

__all__ = [
    "DifficultyCalibratedTwin",
    "GaussianMixtureTwin",
    "TwinFidelity",
    "difficulty_margins",
    "make_hard_positive_dataset",
]
