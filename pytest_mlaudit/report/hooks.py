"""Hooks a conftest (or plugin) implements to add to mlaudit's report.

Registered by the plugin (`pytest_addhooks`); implement them in a conftest.py like any pytest
hook. See docs/reports.md.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.hookspec
def pytest_mlaudit_sidecars(config: pytest.Config) -> list[str]:  # type: ignore[empty-body]
    """Paths of the files a conftest or plugin will write beside the --mlaudit-report (a markdown
    summary, say). They are checked as the report is, after collection and before any test runs:
    a file already there is kept unless --mlaudit-report-overwrite is given."""


@pytest.hookspec
def pytest_mlaudit_report_sections(config: pytest.Config, report: dict[str, Any]) -> Any:
    """Sections to add to the report: one ``{"title": str, "markdown": str}`` or a list of them
    (or objects with ``title`` and ``markdown`` attributes), or None.

    Called once, in the process that writes ``--mlaudit-report`` (the controller under xdist),
    after every sweep finished and before the JSON is written. ``report`` is the report as it will
    be written (read it, do not change it): ``report["sweeps"]`` holds every sweep's runs and
    checks (see `pytest_mlaudit.report.schema`). The sections are stored in the JSON, shown in
    report.md and report.html after the sweeps, and rebuilt by ``mlaudit report``. Markdown tables
    are rendered; raw HTML is shown as text (the page stays self-contained).
    """
