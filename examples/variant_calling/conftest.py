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


# Results of plain tests (engine agreement, F2's Delta) that the markdown report shows beside the
# sweeps; they travel in user_properties, so they reach the controller under xdist too.
_EXTRA_KEYS = ("engine_agreement", "f2_delta")
_extras: dict = {}


def pytest_runtest_logreport(report):
    if report.when == "call":
        for name, value in report.user_properties:
            if name in _EXTRA_KEYS:
                _extras[name] = value


def pytest_mlaudit_sidecars(config):
    """The markdown report beside the JSON one: checked with it, before any test runs."""
    path = config.getoption("mlaudit_report", default=None)
    if not path:
        return []
    from examples.variant_calling.paper_report import markdown_path

    return [str(markdown_path(Path(path)))]


@pytest.hookimpl(trylast=True)  # after the plugin's own sessionfinish has written the JSON
def pytest_sessionfinish(session):
    path = session.config.getoption("mlaudit_report", default=None)
    if not path or hasattr(session.config, "workerinput"):
        return
    from examples.variant_calling import paper_report

    parameters = None
    try:
        from examples.variant_calling.model import VariantCNN

        parameters = sum(p.numel() for p in VariantCNN().parameters() if p.requires_grad)
    except Exception:  # the report is still useful without the count
        pass
    target = paper_report.write(path, parameters, dict(_extras))
    if target is not None:
        session.config._mlaudit_paper_report = str(target)


def pytest_terminal_summary(terminalreporter, config):
    target = getattr(config, "_mlaudit_paper_report", None)
    if target:
        terminalreporter.write_line(f"mlaudit: paper comparison written to {target}")
