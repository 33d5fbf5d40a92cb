"""Fixtures of the variant-calling findings: datasets, the training pool, the markdown report."""

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

_HERE = Path(__file__).resolve().parent
_POOL = None  # the session's TrainingPool, made when collection ends or on first use


def _pool(config):
    global _POOL
    if _POOL is None:
        from examples.variant_calling.pool import TrainingPool

        # under pytest-xdist each xdist worker already has a core: train in-process there
        _POOL = TrainingPool(workers=0 if hasattr(config, "workerinput") else None)
    return _POOL


def pytest_collection_finish(session):
    """Hand every batched training the selected tests will need to the pool, longest first."""
    if not session.config.getoption("mlaudit", default=False) or session.config.option.collectonly:
        return
    planned = []
    for item in session.items:
        module = getattr(item, "module", None)
        plans = getattr(module, "planned_jobs", None)
        if plans is None or not Path(str(item.fspath)).resolve().is_relative_to(_HERE):
            continue
        params = dict(getattr(getattr(item, "callspec", None), "params", {}))
        planned.extend(plans(item.originalname, params))
    if not planned:
        return
    pool = _pool(session.config)
    override = session.config.getoption("mlaudit_seeds", default=None)
    for condition, seeds, function, args, _cost in sorted(planned, key=lambda p: -p[4]):
        if override is not None:  # --mlaudit-seeds N: the sweeps run the first N (or range(N))
            seeds = list(seeds)[:override] if override <= len(seeds) else range(override)
        pool.submit(condition, function, tuple(seeds), *args)


@pytest.fixture(scope="session")
def training_pool(request):
    return _pool(request.config)


@pytest.fixture(scope="session")
def batched_runs(training_pool):
    from examples.variant_calling.runs import BatchedRuns

    return BatchedRuns(training_pool)


@pytest.fixture(scope="session")
def load_data():
    """``load_data(sample, scheme="caller", leak=True)``: the dataset the findings train on."""
    from examples.variant_calling import jobs

    def load(sample: str, scheme: str = "caller", leak: bool = True):
        return jobs.load(jobs.DataSpec.for_sample(sample, scheme, leak))

    return load


@pytest.fixture(scope="session")
def germline_data(load_data):
    return load_data("germline")


@pytest.fixture(scope="session")
def mosaic_data(load_data):
    return load_data("mosaic")


# Results of plain tests (engine agreement, F2's Delta, stratified tables) that the markdown
# report shows beside the sweeps; they travel in user_properties, so they reach the controller
# under xdist too.
_EXTRA_PREFIXES = ("engine_agreement", "f2_delta", "strata:", "candidates:")
_extras: dict = {}


def pytest_runtest_logreport(report):
    if report.when == "call":
        for name, value in report.user_properties:
            if name.startswith(_EXTRA_PREFIXES):
                _extras[name] = value


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    global _POOL
    if _POOL is not None:
        session.config._mlaudit_pool_summary = _pool_summary(_POOL)
        _POOL.close()
        _POOL = None


def pytest_mlaudit_report_sections(config, report):
    """The paper's Tables 1-4 beside ours: a section of report.md and report.html (the plugin's
    hook, docs/reports.md), stored in the JSON so `mlaudit report` rebuilds it."""
    from examples.variant_calling import paper_report

    parameters = None
    try:
        from examples.variant_calling.model import VariantCNN

        parameters = sum(p.numel() for p in VariantCNN().parameters() if p.requires_grad)
    except Exception:  # the section is still useful without the count
        pass
    text = paper_report.build(report, parameters, dict(_extras))
    # the section has its own title; the page's first heading is the report's
    title, _, body = text.partition("\n")
    return {"title": title.lstrip("# ").strip(), "markdown": body.lstrip("\n")}


def pytest_terminal_summary(terminalreporter, config):
    for line in getattr(config, "_mlaudit_pool_summary", []):
        terminalreporter.write_line(line)


def _pool_summary(pool) -> list:
    """One line per finding: the CPU seconds its training jobs took where they ran."""
    by_finding: dict = {}
    for key, seconds in pool.busy_seconds.items():
        name = key[0] if isinstance(key, tuple) else str(key)
        name = name[0] if isinstance(name, tuple) else name  # extra-seed jobs: ((cond), ...)
        jobs, total = by_finding.get(name, (0, 0.0))
        by_finding[name] = (jobs + 1, total + seconds)
    if not by_finding:
        return []
    where = f"{pool.workers} worker processes" if pool.parallel else "in-process"
    lines = [f"mlaudit training pool ({where}): CPU seconds of the training jobs by finding"]
    for name, (jobs, total) in sorted(by_finding.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"  pool {name}: {total:.1f} CPU s in {jobs} jobs")
    return lines
