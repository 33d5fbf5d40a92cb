"""Where run-to-run variance comes from (Gundersen et al.'s sources: initialisation, data order,
split, precision, device), varied in a factorial sweep and split by a random-effects ANOVA. See
docs/variance_sources.md.

Same shape as every capability: `decorator.py` (``@variance_sources``), `checks.py` (each source's
share, its F test and interval), `axes.py` (one axis per source); `decomposition.py` holds the
model. Names resolve on first access (PEP 562): importing this package imports no numpy.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "variance_sources": "pytest_mlaudit.variance.decorator",
    "VarianceShares": "pytest_mlaudit.variance.checks",
    "SOURCE_AXES": "pytest_mlaudit.variance.axes",
    "decompose": "pytest_mlaudit.variance.decomposition",
    "table_from_cells": "pytest_mlaudit.variance.decomposition",
    "VarianceDecomposition": "pytest_mlaudit.variance.decomposition",
    "SourceShare": "pytest_mlaudit.variance.decomposition",
    "RESIDUAL": "pytest_mlaudit.variance.decomposition",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
