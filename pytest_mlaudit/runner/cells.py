"""One cell, called: seed the process from the cell, call the test function, judge what it returned.

`CellCall` is what every executor runs (`call(cell) -> CellResult`); it never raises for a
failing run, so an executor only adds *where* it runs and the failures it alone can see (timeouts,
dead workers).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..core import metrics
from ..core.run import Run
from ..core.spec import SEED_AXIS, Cell, CellResult
from ..core.task import MalformedRun
from . import seeding
from .executors.base import StopCell


def describe_exception(exc: BaseException) -> str:
    """'ValueError: message (file.py:12 in test_x)' — the exception and the innermost frame."""
    text = f"{type(exc).__name__}: {exc}".strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        frame = frames[-1]
        text += f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} in {frame.name})"
    return text


class CellCall:
    """Calls the test function for one cell: seed, call, coerce to Run, metrics, collapse flag.

    Never raises for a failing run (the exception, even SystemExit, becomes `CellResult.error`;
    only KeyboardInterrupt and an executor's StopCell pass through); forkable, and
    picklable when the function and fixture values are.
    """

    def __init__(
        self,
        function: Callable[..., Any],
        fixtures: Mapping[str, Any],
        *,
        args: Sequence[Any] = (),
        deterministic: bool = False,
    ) -> None:
        self.function = function
        self.fixtures = dict(fixtures)
        self.args = tuple(args)
        self.deterministic = deterministic

    def __call__(self, cell: Cell) -> CellResult:
        torch_before = seeding.torch_loaded()
        result = self._run(cell)
        if not torch_before and seeding.torch_loaded():
            # The call imported torch after seeding, so its torch draws were unseeded: run the cell
            # again now that torch is loaded and gets seeded (once per process).
            result = self._run(cell)
        return result

    def _run(self, cell: Cell) -> CellResult:
        start = time.perf_counter()
        try:
            seeding.seed_everything(cell.get(SEED_AXIS, 0), self.deterministic)
            run = Run.coerce(self.function(*self.args, **self.fixtures, **cell))
            computed = metrics.compute(run)
            return CellResult(
                cell=cell,
                run=run,
                metrics=computed,
                collapsed=metrics.collapsed(run, computed),
                seconds=time.perf_counter() - start,
            )
        except (KeyboardInterrupt, StopCell):
            raise
        except (MalformedRun, metrics.MetricError) as exc:
            # Every run would repeat it: the runner stops the sweep at the first one.
            return CellResult(
                cell=cell, error=str(exc), malformed=True, seconds=time.perf_counter() - start
            )
        except BaseException as exc:
            if _skips_cell(exc):
                return CellResult(
                    cell=cell, skipped=_skip_reason(exc), seconds=time.perf_counter() - start
                )  # sys.exit and pytest.fail/skip inside a run are errors of that run too
            return CellResult(
                cell=cell, error=describe_exception(exc), seconds=time.perf_counter() - start
            )


def _skips_cell(exc: BaseException) -> bool:
    import pytest

    return isinstance(exc, pytest.skip.Exception) or bool(getattr(type(exc), "skips_cell", False))


def _skip_reason(exc: BaseException) -> str:
    return str(getattr(exc, "msg", None) or exc) or type(exc).__name__
