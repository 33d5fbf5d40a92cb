"""Precision as a test condition (§4 of the audited paper). See docs/precision.md.

- `decorator.py`: `@cross_precision`, precision as an axis of a sweep; `checks.py`: what it judges
  (collapse counts, F1 means, spread, paired F1 by seed, equivalence); `axes.py`: its axis name.
- `conditions.py`: `Precision`, one training loop for real (autocast) and emulated (rounded)
  conditions; `rounding.py`: bit-exact fp16/bf16 round-to-nearest and stochastic rounding;
  `noise_ratio.py`: Proposition 4.1's rounding versus minibatch noise, measured.

Names resolve on first access (PEP 562): importing this package does not import torch.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "cross_precision": "pytest_mlaudit.precision.decorator",
    "PRECISION_AXIS": "pytest_mlaudit.precision.axes",
    "Precision": "pytest_mlaudit.precision.conditions",
    "PrecisionError": "pytest_mlaudit.precision.conditions",
    "check_name": "pytest_mlaudit.precision.conditions",
    "NAMES": "pytest_mlaudit.precision.conditions",
    "REAL": "pytest_mlaudit.precision.conditions",
    "EMULATED": "pytest_mlaudit.precision.conditions",
    "DEVICE_TYPES": "pytest_mlaudit.precision.conditions",
    "quantize": "pytest_mlaudit.precision.rounding",
    "quantize_": "pytest_mlaudit.precision.rounding",
    "step_generator": "pytest_mlaudit.precision.rounding",
    "NoiseRatio": "pytest_mlaudit.precision.noise_ratio",
    "rounding_noise_ratio": "pytest_mlaudit.precision.noise_ratio",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
