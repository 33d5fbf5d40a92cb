"""A live progress display for a running sweep: runs done of total, collapses and errors so far,
runs per second and the time left, drawn with rich on the terminal pytest itself writes to.

The runner drives it (`start`, `update` once per finished run, `close`), whichever executor runs
the cells. It redraws when a run finishes rather than on a timer: a timer thread would write while
pytest captures the test's output, and a run's own prints would leak to the terminal each time the
capture is lifted. So the runs/s and time-left figures change as runs complete.

It stays quiet under `-q`, when pytest's terminal is not a terminal (CI logs, pipes, pytester,
xdist workers): `for_item` returns None and the runner draws nothing.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager as ContextManager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Column
from rich.text import Text

from ..core.spec import CellResult


def wanted(config: Any) -> bool:
    """Whether a live display belongs on this session's terminal."""
    if hasattr(config, "workerinput"):  # an xdist worker: its output goes to the controller
        return False
    if config.get_verbosity() < 0:
        return False
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if terminal is None:
        return False
    # During a test's call pytest's fd capture points stdout's file descriptor at a temporary
    # file, so ask with the capture lifted.
    with _capture_lifted(config):
        return _terminal_file(config).isatty()


def _capture_lifted(config: Any) -> ContextManager:
    capture = config.pluginmanager.get_plugin("capturemanager")
    return (
        capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext()
    )


def _terminal_file(config: Any):
    # pytest's terminal writer keeps the stream it was created with (the real stdout, before any
    # capture replaced sys.stdout); there is no public accessor for it.
    return getattr(config.get_terminal_writer(), "_file", sys.stdout)


def for_item(item: Any) -> SweepProgress | None:
    """The display for one sweep test, or None where it should stay quiet."""
    config = item.config
    if not wanted(config):
        return None
    writer = config.get_terminal_writer()
    console = Console(
        file=_terminal_file(config),
        force_terminal=True,
        color_system="auto" if writer.hasmarkup else None,
    )

    def on_terminal() -> ContextManager:
        # The sweep runs inside the test's call phase, when pytest captures stdout: lift the capture
        # only while drawing.
        return _capture_lifted(config)

    def leave_pytest_line() -> None:
        # pytest has written "tests/test_x.py " without a newline; start below it, as pytest's
        # own live logging does.
        if writer.width_of_current_line:
            writer.line()

    return SweepProgress(
        item.name, console, on_terminal=on_terminal, before_start=leave_pytest_line
    )


class SweepProgress:
    """One progress line for one sweep. `on_terminal()` is a context manager entered around every
    write (pytest's capture is lifted there); `before_start()` runs once, inside it."""

    def __init__(
        self,
        label: str,
        console: Any,
        *,
        on_terminal: Callable[[], ContextManager] = contextlib.nullcontext,
        before_start: Callable[[], None] | None = None,
        transient: bool = True,
    ) -> None:
        self.label = label
        self.console = console
        self.on_terminal = on_terminal
        self.before_start = before_start
        self.transient = transient
        self.done = 0
        self.collapsed = 0
        self.errors = 0
        self.skipped = 0  # cells that cannot run on this machine (shown only when there are some)
        self.total = 0
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int, resumed: Iterable[CellResult] = ()) -> None:
        resumed = list(resumed)
        self.total = total
        for result in resumed:
            self._count(result)
        # Narrow terminals lose the bar first and then the end of a long test name, never the counts.
        self._progress = Progress(
            TestNameColumn(),
            TextColumn(
                "{task.completed}/{task.total} runs · {task.fields[tally]}",
                table_column=Column(no_wrap=True),
            ),
            RunsPerSecondColumn(table_column=Column(no_wrap=True)),
            TimeRemainingColumn(compact=True),
            TextColumn("left", table_column=Column(no_wrap=True)),
            BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=0)),
            console=self.console,
            auto_refresh=False,
            expand=True,
            transient=self.transient,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        # Resumed runs count as done but not toward the rate: rich measures speed from advances.
        self._task = self._progress.add_task(
            self.label, total=total, completed=self.done, tally=self.tally()
        )
        with self.on_terminal():
            if self.before_start is not None:
                self.before_start()
            self._progress.start()
            self._progress.refresh()

    def _count(self, result: CellResult) -> None:
        self.done += 1
        if result.error is not None:
            self.errors += 1
        elif getattr(result, "skipped", None):
            self.skipped += 1
        elif result.collapsed:
            self.collapsed += 1

    def tally(self) -> str:
        text = f"{self.collapsed} collapsed · {self.errors} errors"
        return text + (f" · {self.skipped} skipped" if self.skipped else "")

    def update(self, result: CellResult) -> None:
        self._count(result)
        if self._progress is None:
            return
        self._progress.update(self._task, advance=1, tally=self.tally())
        with self.on_terminal():
            self._progress.refresh()

    def close(self) -> None:
        if self._progress is None:
            return
        progress, self._progress = self._progress, None
        with self.on_terminal():
            progress.stop()

    def summary(self) -> str:
        return f"{self.done}/{self.total} runs · {self.tally()}"


class TestNameColumn(ProgressColumn):
    """The test's name on one line, shortened with an ellipsis when the terminal is narrow: the
    only column rich may squeeze, so the counts stay whole."""

    def render(self, task: Any) -> Text:
        return Text(task.description, style="bold", no_wrap=True, overflow="ellipsis")


class RunsPerSecondColumn(ProgressColumn):
    """Runs finished per second over rich's recent window (blank until two runs have finished)."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(
            "·" if speed is None else f"· {speed:.2f} runs/s",
            style="progress.data.speed",
            no_wrap=True,
        )
