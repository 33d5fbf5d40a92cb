"""The check contract: `Check.evaluate(results) -> CheckResult | list[CheckResult]`.

Every check reads the same list of `grid.CellResult`s, so the terminal table, the JSON report and
the assertion message all come from the same `CheckResult`s. See docs/extending.md.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    from ..grid import CellResult, SweepSpec

ERROR = "error"  # a failed check fails the test
WARNING = "warning"  # a failed check is shown and reported but does not fail the test


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """One verdict. `statistic`/`p_value` are None for checks that are counts or thresholds.

    `detail` says in plain words what was observed; `assumptions` what the test assumes; `advice`
    what to try when it fails; `condition` which condition it judged (None: the whole sweep).
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

    @property
    def fails_test(self) -> bool:
        return not self.passed and self.severity == ERROR

    @property
    def verdict(self) -> str:
        if self.passed:
            return "pass"
        return "FAIL" if self.severity == ERROR else "warn"

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        for key in ("statistic", "p_value"):
            value = data[key]
            data[key] = None if value is None or not math.isfinite(float(value)) else float(value)
        return data

    @classmethod
    def from_json(cls, data: dict) -> CheckResult:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})


class Check:
    """Base class of every check.

    Subclasses set `name` (shown in tables and reports) and `needs` (axis names that must be in the
    grid; the plugin reports a one-line collection error otherwise), and implement `evaluate`.
    `evaluate` receives every cell result of the sweep (errors included, in grid order) and the
    `SweepSpec` (for grouping by condition and the pairing axis) and returns one `CheckResult` or
    several (e.g. one per condition). It must not raise on ordinary data: a condition with too
    few runs is a result with `passed=False` and a detail saying so, not an exception.
    """

    name: ClassVar[str] = ""
    needs: ClassVar[tuple] = ()

    def evaluate(
        self, results: Sequence[CellResult], spec: SweepSpec
    ) -> CheckResult | Iterable[CheckResult]:
        raise NotImplementedError

    def validate(self, spec: SweepSpec) -> list:
        """Configuration errors that only the finished grid reveals (one line each, naming the
        parameter). Called at collection, after every decorator has been applied."""
        return []

    def params(self) -> dict:
        """The check's parameters, for the resume key, the report and the reproduce line."""
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {}

    def results(self, results: Sequence[CellResult], spec: SweepSpec) -> list:
        outcome: Any = self.evaluate(results, spec)
        if isinstance(outcome, CheckResult):
            return [outcome]
        return list(outcome)
