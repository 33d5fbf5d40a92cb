"""`CheckResult`: one verdict of a check, and its two severities. Pure data: the terminal table,
the JSON report (`report.schema` writes it) and the assertion message all read it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

ERROR = "error"  # a failed check fails the test
WARNING = "warning"  # a failed check is shown and reported but does not fail the test


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """One verdict. `statistic`/`p_value` are None for checks that are counts or thresholds.

    `statistic` is the test statistic only (t, F, W, U, the odds ratio, a count); what was
    observed is `estimate` (a mean, a rate, a difference) and what it was held against is
    `compared_with` (a bound, a baseline, an equivalence margin), each None when it does not apply.
    `metric` names the metric judged. `below_resolution` marks a significant difference smaller
    than one test example's worth of the metric (core.resolution).

    `detail` says in plain words what was observed; `assumptions` what the test assumes; `advice`
    what to try when it fails; `condition` which condition it judged (None: the whole sweep).
    `data` holds the numbers behind the verdict that a figure draws (JSON-able, with a "kind" key;
    the kinds are listed in `pytest_mlaudit.report.schema`), or None.
    """

    name: str
    test: str
    statistic: float | None
    p_value: float | None
    passed: bool
    detail: str
    assumptions: str = ""
    advice: str = ""
    condition: str | None = None
    severity: str = ERROR
    estimate: float | None = None
    compared_with: float | None = None
    metric: str | None = None
    below_resolution: bool = False
    data: Mapping[str, Any] | None = None

    @property
    def fails_test(self) -> bool:
        return not self.passed and self.severity == ERROR

    @property
    def verdict(self) -> str:
        if self.passed:
            return "pass"
        return "FAIL" if self.severity == ERROR else "warn"
