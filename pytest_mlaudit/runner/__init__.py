"""Runs the cells of a grid: where (executors), seeded (seeding), resumable (resume), judged by the
checks (runner). Imports only `pytest_mlaudit.core`; the report layer reads what it returns.

Names resolve on first access (PEP 562), so importing this package imports none of its modules.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

_PUBLIC = {
    "CellCall": "pytest_mlaudit.runner.cells",
    "describe_exception": "pytest_mlaudit.runner.cells",
    "run_sweep": "pytest_mlaudit.runner.runner",
    "evaluate_checks": "pytest_mlaudit.runner.runner",
    "resolve": "pytest_mlaudit.runner.runner",
    "validate": "pytest_mlaudit.runner.runner",
    "SweepOptions": "pytest_mlaudit.core.outcome",
    "SweepOutcome": "pytest_mlaudit.core.outcome",
    "reproduce_command": "pytest_mlaudit.core.outcome",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
