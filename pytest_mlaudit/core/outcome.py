"""A finished sweep: its results in grid order, the checks' verdicts, and how it was run.

The runner produces a `SweepOutcome`; the report layer (`pytest_mlaudit.report.schema`) turns it
into the sweep's JSON form, which the terminal table, the failure message, the JSON report and
`mlaudit diff` all read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..options import DETERMINISTIC, FLAG, SEEDS
from .spec import SEED_AXIS, CellResult, SweepSpec
from .verdict import CheckResult


@dataclasses.dataclass(frozen=True)
class SweepOptions:
    """Command-line options that change how (not what) a sweep runs, except `seeds`."""

    seeds: int | None = None
    workers: int = 1
    executor: str | None = None
    deterministic: bool = False
    resume: bool = False
    retries: int = 3
    ray_address: str | None = None


@dataclasses.dataclass
class SweepOutcome:
    nodeid: str
    spec: SweepSpec
    results: list[CellResult]
    checks: list[CheckResult]
    options: SweepOptions
    executor: str = "serial"  # the executor that ran the cells, by registry name
    interrupted: bool = False
    seconds: float = 0.0
    environment: Mapping[str, Any] | None = None
    # Why the sweep stopped early (a malformed Run, runs of two task kinds): the one message the
    # user sees instead of the same error once per seed. Checks are not evaluated then.
    stopped: str | None = None

    @property
    def failed(self) -> bool:
        return self.stopped is not None or any(check.fails_test for check in self.checks)

    def reproduce(self) -> str:
        return reproduce_command(self.nodeid, self.spec, self.options)


def reproduce_command(nodeid: str, spec: SweepSpec, options: SweepOptions) -> str:
    """The pytest command line that runs this sweep again, with its seeds as a comment."""
    parts = ["pytest", FLAG]
    if options.seeds is not None:
        parts += [SEEDS, str(options.seeds)]
    if options.deterministic:
        parts.append(DETERMINISTIC)
    parts.append(f"'{nodeid}'")
    axis = spec.axis(SEED_AXIS)
    seeds = ""
    if axis is not None and axis.values:
        values = list(axis.values)
        contiguous = values == list(range(values[0], values[0] + len(values)))
        seeds = (
            f"  # seeds {values[0]}..{values[-1]}"
            if contiguous and len(values) > 2
            else f"  # seeds {', '.join(map(str, values))}"
        )
    return " ".join(parts) + seeds
