"""Fixtures of the variant-calling findings: cached datasets and the batched trainer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# `pytest examples/` imports these modules as the package `variant_calling`; the modules import
# one another as `examples.variant_calling`, which needs the repository root on the path.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

pytest.importorskip("pysam", reason="the variant-calling example needs the genomics extra (pysam)")
pytest.importorskip("torch", reason="the variant-calling example needs torch")


@pytest.fixture(scope="session")
def batched_runs():
    from examples.variant_calling.runs import BatchedRuns

    return BatchedRuns()


@pytest.fixture(scope="session")
def germline_data():
    from examples.variant_calling.dataset import simulated_dataset

    return simulated_dataset("germline")


@pytest.fixture(scope="session")
def mosaic_data():
    from examples.variant_calling.dataset import simulated_dataset

    return simulated_dataset("mosaic")
