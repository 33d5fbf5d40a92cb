"""`@seed_sweep`: a training judged over many seeds (errors, collapse rate, reference collapse
counts, mean F1, the trivial baseline). See docs/sweeps.md.

Same shape as every capability package: `decorator.py` (the decorator), `checks.py` (what it
judges). Its axis, the seed, is the pairing key of every sweep and lives in `core.spec`.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "seed_sweep": "pytest_mlaudit.sweep.decorator",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
