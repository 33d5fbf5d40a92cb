"""A decorated test called directly, outside pytest: the whole grid, serially, without resume;
a failed check raises AssertionError with the same message pytest would show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core.outcome import SweepOptions, SweepOutcome
from ..core.spec import SweepConfigError, SweepSpec
from ..report.schema import sweep_record
from ..report.terminal import failure_message
from ..runner.cells import CellCall
from ..runner.runner import run_sweep, validate


def run_sweep_directly(
    spec: SweepSpec, args: Sequence[Any], kwargs: Mapping[str, Any]
) -> SweepOutcome:
    errors = validate(spec)
    if errors:
        raise SweepConfigError(errors[0])
    outcome = run_sweep(
        spec,
        CellCall(spec.function, kwargs, args=args),
        nodeid=spec.function.__qualname__,
        options=SweepOptions(),
    )
    if outcome.failed:
        raise AssertionError(failure_message(sweep_record(outcome)))
    return outcome
