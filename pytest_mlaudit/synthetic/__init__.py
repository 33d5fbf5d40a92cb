"""Synthetic twins of a real dataset, how faithful each twin is, and whether losses rank the same
on a twin and on the real data (§8 item 1 of the paper). See docs/synthetic.md.

- `decorator.py`: ``@synthetic_real_consistency``; `checks.py`: the ranking check; `axes.py`: its
  two axes (loss, domain).
- `twins.py`: ``GaussianMixtureTwin`` matches prevalence, sample size and per-feature means and
  variances, with a target Bayes AUROC; ``DifficultyCalibratedTwin`` also matches each class's
  difficulty distribution (the paper's Remark 3.1). `fidelity.py`: how close a twin is;
  `reference_model.py`: the logistic model that measures difficulty; `standin.py`: stand-in data.
- `losses.py`: the paper's weighted BCE (Eq. 1) and focal loss (Eq. 2) as torch modules.

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
    "synthetic_real_consistency": "pytest_mlaudit.synthetic.decorator",
    "LossRankingConsistency": "pytest_mlaudit.synthetic.checks",
    "WeightedBCELoss": "pytest_mlaudit.synthetic.losses",
    "FocalLoss": "pytest_mlaudit.synthetic.losses",
    "make_loss": "pytest_mlaudit.synthetic.losses",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
