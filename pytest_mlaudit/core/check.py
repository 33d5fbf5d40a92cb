"""The check contract: `Check.evaluate(results, spec) -> CheckResult | list[CheckResult]`.

Every check reads the same list of `CellResult`s, so the terminal table, the JSON report and the
assertion message all come from the same `CheckResult`s (defined in `verdict.py`, re-exported
here). See docs/extending.md. How a verdict is written to the report is `report.schema`'s business.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from .spec import CellResult, SweepSpec
from .verdict import ERROR, WARNING, CheckResult

# The verdict's names are part of the check contract: checks import them from here.
__all__ = ["ERROR", "WARNING", "Check", "CheckResult"]


class Check:
    """Base class of every check.

    Subclasses set `name` (shown in tables and reports) and `needs` (axis names that must be in the
    grid; the plugin reports a one-line collection error otherwise), and implement `evaluate`.
    `evaluate` receives every cell result of the sweep (errors included, in grid order) and the
    `SweepSpec` (for grouping by condition and the pairing axis) and returns one `CheckResult` or
    several (e.g. one per condition). It must not raise on ordinary data: a condition with too
    few runs is a result with `passed=False` and a detail saying so, not an exception.
    """

    # Class attributes in most checks; a check judging a chosen metric may set `name` per instance.
    name: str = ""
    needs: tuple[str, ...] = ()

    def evaluate(
        self, results: Sequence[CellResult], spec: SweepSpec
    ) -> CheckResult | Iterable[CheckResult]:
        raise NotImplementedError

    def validate(self, spec: SweepSpec) -> list[str]:
        """Configuration errors that only the finished grid reveals (one line each, naming the
        parameter). Called at collection, after every decorator has been applied."""
        return []

    def params(self) -> dict[str, Any]:
        """The check's parameters, for the resume key, the report and the reproduce line."""
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {}

    def results(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        outcome = self.evaluate(results, spec)
        if isinstance(outcome, CheckResult):
            return [outcome]
        return list(outcome)
