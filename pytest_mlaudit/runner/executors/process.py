"""Runs cells in forked worker processes, one cell at a time per worker.

`--mlaudit-workers N` processes, or floor(N / num_cpus) when the sweep says each run needs
`resources={"num_cpus": ...}`.

Fork (not spawn) so that test functions and fixture values need not be picklable: a worker
inherits them, receives only a cell index and sends back the `CellResult` (which must pickle: the
Run's arrays do). A worker that dies is recorded as an error for the cell it was running and
replaced; a cell over `timeout` has its worker killed (SIGKILL) and replaced. Workers ignore
SIGINT: Ctrl-C reaches the whole process group, and the parent decides what happens.
"""

from __future__ import annotations

import collections
import signal
import sys
import time
from collections.abc import Generator, Sequence

from ...core.spec import Cell, CellResult
from .base import CellFunction, Executor, died_result, timeout_result


def _worker_main(call: CellFunction, cells: Sequence[Cell], connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            index = connection.recv()
        except EOFError:
            return
        if index is None:
            return
        result = call(cells[index])
        try:
            connection.send((index, result))
        except Exception as exc:  # an unpicklable Run.extra, for instance
            connection.send(
                (
                    index,
                    CellResult(
                        cell=cells[index],
                        error=f"the run's result could not be sent back from its worker: {type(exc).__name__}: {exc}",
                        seconds=result.seconds,
                    ),
                )
            )


def _how_it_died(exitcode: int | None) -> str:
    if exitcode is None:
        return "no exit code"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class _Worker:
    def __init__(self, context, call: CellFunction, cells: Sequence[Cell]) -> None:
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(call, cells, child_end), daemon=True
        )
        self.process.start()
        child_end.close()
        self.index: int | None = None
        self.started = 0.0

    def assign(self, index: int) -> None:
        self.index = index
        self.started = time.monotonic()
        self.connection.send(index)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class ProcessPoolExecutor(Executor):
    name = "process"

    def map(
        self, call: CellFunction, cells: Sequence[Cell], *, timeout: float | None = None
    ) -> Generator[CellResult, None, None]:
        import multiprocessing
        from multiprocessing.connection import wait

        if not cells:
            return
        if sys.platform == "win32":  # pragma: no cover - no fork there
            raise RuntimeError("the process executor needs the fork start method (Linux, macOS)")
        from .resources import local_pool_size

        context = multiprocessing.get_context("fork")
        pending = collections.deque(range(len(cells)))
        busy: list = []
        try:
            for _ in range(min(local_pool_size(self.workers, self.resources), len(pending))):
                worker = _Worker(context, call, cells)
                worker.assign(pending.popleft())
                busy.append(worker)
            while busy:
                wait_for = None
                if timeout is not None:
                    wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
                ready = set(
                    wait(
                        [w.connection for w in busy] + [w.process.sentinel for w in busy],
                        timeout=wait_for,
                    )
                )
                for worker in list(busy):
                    index = worker.index
                    outcome: CellResult | None = None
                    replace = False
                    if worker.connection in ready or worker.process.sentinel in ready:
                        try:
                            if worker.connection.poll():
                                _, outcome = worker.connection.recv()
                            else:
                                raise EOFError
                        except (EOFError, OSError):
                            worker.process.join(timeout=5)
                            outcome = died_result(
                                cells[index],
                                time.monotonic() - worker.started,
                                _how_it_died(worker.process.exitcode),
                            )
                            replace = True
                    elif timeout is not None and time.monotonic() - worker.started >= timeout:
                        outcome = timeout_result(
                            cells[index], time.monotonic() - worker.started, timeout
                        )
                        replace = True
                    if outcome is None:
                        continue
                    if replace:
                        worker.stop()
                        busy.remove(worker)
                        if pending:
                            worker = _Worker(context, call, cells)
                            busy.append(worker)
                    if pending:
                        worker.assign(pending.popleft())
                    elif not replace:
                        # Nothing left for this worker: it is idle, so stopping it loses nothing,
                        # and not waiting for a graceful exit lets the last results through sooner.
                        worker.stop()
                        busy.remove(worker)
                    yield outcome
        finally:
            for worker in busy:
                worker.stop()
