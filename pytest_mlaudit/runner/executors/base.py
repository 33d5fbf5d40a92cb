"""The executor contract: run cells somewhere, yield one `CellResult` per cell as each completes.

An executor is handed a list of cells and `call`, a callable `call(cell) -> CellResult` built by
the runner. `call` already seeds the cell, calls the test function, catches its exceptions and
computes the metrics, so it never raises for a failing run (only KeyboardInterrupt and StopCell pass).
What an executor adds is *where* the call runs and the failures `call` cannot catch itself:

- exactly one `CellResult` per cell, in any order (the runner reorders);
- `timeout` (seconds per cell, or None): a cell running longer is stopped if the executor can stop
  it and reported with `timeout_result`;
- a worker that dies (segfault, os._exit, OOM kill) is reported with `died_result` for the cell it
  was running, and the remaining cells still run;
- on KeyboardInterrupt (or the generator being closed early) it stops its workers before returning.

`call` is forkable (process pool, fork start method) but not necessarily picklable: test
functions and fixture values are whatever the user wrote. An executor that must pickle (Ray) should
use cloudpickle and say in its error message what could not be sent.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import ClassVar

from ...core.spec import Cell, CellResult

CellFunction = Callable[[Cell], CellResult]


class ExecutorUnavailable(RuntimeError):
    """The named executor is unknown, cannot be imported or cannot run this sweep (no Ray
    cluster, resources no node has, a test that cannot be sent); the message is one line."""


class StopCell(BaseException):
    """Raised inside a running cell by an executor that stops it (the serial timeout). A
    BaseException so the test's own `except Exception` cannot swallow it; `call` re-raises it."""


class Executor(abc.ABC):
    name: ClassVar[str] = ""

    def __init__(self, workers: int = 1, *, resources: Mapping | None = None) -> None:
        self.workers = max(1, int(workers))
        # What one run needs (seed_sweep(resources=...)): Ray's task options; local executors use
        # num_cpus at most.
        self.resources = dict(resources or {})

    @abc.abstractmethod
    def map(
        self, call: CellFunction, cells: Sequence[Cell], *, timeout: float | None = None
    ) -> Generator[CellResult, None, None]:
        """Yield one CellResult per cell as each completes."""

    def describe(self) -> str:
        return f"{self.name} ({self.workers} worker{'s' if self.workers != 1 else ''})"


def timeout_result(cell: Cell, seconds: float, timeout: float) -> CellResult:
    return CellResult(
        cell=cell,
        error=f"Timeout: the run exceeded timeout={timeout:g}s and was stopped",
        seconds=seconds,
    )


def died_result(cell: Cell, seconds: float, how: str) -> CellResult:
    return CellResult(
        cell=cell,
        error=f"WorkerDied: the worker process running this cell died ({how})",
        seconds=seconds,
    )
