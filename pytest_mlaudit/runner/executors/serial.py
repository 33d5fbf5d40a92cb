"""Runs cells one after another in the pytest process."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Generator, Sequence

from ...core.spec import Cell, CellResult
from .base import CellFunction, Executor, StopCell, timeout_result


class _CellTimeout(StopCell):
    pass


def _raise_timeout(signum, frame):  # pragma: no cover - exercised through SIGALRM
    raise _CellTimeout()


class SerialExecutor(Executor):
    """In-process, one cell at a time. `timeout` uses SIGALRM (main thread, Unix): it interrupts
    Python code but not a long call inside a C extension, which is stopped when it returns. Where
    SIGALRM is unavailable the run completes and is then recorded as timed out. For a hard stop,
    use the process executor (--mlaudit-workers 2)."""

    name = "serial"

    def map(
        self, call: CellFunction, cells: Sequence[Cell], *, timeout: float | None = None
    ) -> Generator[CellResult, None, None]:
        use_alarm = (
            timeout is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        for cell in cells:
            start = time.perf_counter()
            if not use_alarm or timeout is None:
                result = call(cell)
                if timeout is not None and result.seconds > timeout:
                    result = timeout_result(cell, result.seconds, timeout)
                yield result
                continue
            previous = signal.signal(signal.SIGALRM, _raise_timeout)
            # Another user of SIGALRM (pytest-timeout's signal method) may have a timer running:
            # keep it, and re-arm it with what is left when this cell ends.
            outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                try:
                    result = call(cell)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except _CellTimeout:
                result = timeout_result(cell, time.perf_counter() - start, timeout)
            finally:
                signal.signal(signal.SIGALRM, previous)
                if outer_delay > 0:
                    left = outer_delay - (time.perf_counter() - start)
                    signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
            yield result
