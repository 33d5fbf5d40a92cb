"""The live sweep display (pytest_mlaudit/progress.py): what it shows and when it stays quiet."""

import io
import time

import pytest
from rich.console import Console

from pytest_mlaudit import options
from pytest_mlaudit.core.spec import CellResult
from pytest_mlaudit.report.progress import SweepProgress, for_item, wanted
from tests.sweep_project import load_report

# An inner pytest whose terminal claims to be a tty: everything pytest writes to it also lands in
# terminal.txt, so a test can read what a user at a terminal would have seen.
TTY_CONFTEST = """
import io
import pytest


class TeeTerminal:
    def __init__(self, inner):
        self.inner = inner
        self.seen = io.StringIO()

    def write(self, text):
        self.seen.write(text)
        return self.inner.write(text)

    def isatty(self):
        return True

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    writer = config.get_terminal_writer()
    writer._file = TeeTerminal(writer._file)


def pytest_unconfigure(config):
    with open("terminal.txt", "w", encoding="utf-8") as handle:
        handle.write(config.get_terminal_writer()._file.seen.getvalue())
"""

SWEEP = """
import fake
from pytest_mlaudit import seed_sweep


@seed_sweep(n=6, allow_errors=6)
def test_sweep(seed):
    if seed == 4:
        raise ValueError("a broken run")
    return fake.train(fake.labels(), collapse=seed in (1, 2))
"""


def _result(seed, *, collapsed=False, error=None):
    return CellResult(cell={"seed": seed}, collapsed=collapsed, error=error)


def _render(updates, *, total, resumed=()):
    buffer = io.StringIO()
    display = SweepProgress(
        "test_sweep",
        Console(file=buffer, force_terminal=True, width=160, color_system=None),
        transient=False,
    )
    display.start(total=total, resumed=resumed)
    for result in updates:
        time.sleep(0.01)  # rich needs time between advances to measure a rate
        display.update(result)
    display.close()
    return buffer.getvalue(), display


def _last_frame(text):
    return [frame for frame in text.replace("\n", "\r").split("\r") if "test_sweep" in frame][-1]


def test_renders_runs_done_collapses_errors_rate_and_time_left():
    text, display = _render(
        [_result(0), _result(1, collapsed=True), _result(2, error="ValueError: x"), _result(3)],
        total=10,
    )
    frame = _last_frame(text)
    assert "4/10" in frame and "1 collapsed" in frame and "1 errors" in frame
    assert "runs/s" in frame and "left" in frame
    assert display.summary() == "4/10 runs · 1 collapsed · 1 errors"


def test_resumed_runs_count_as_done_and_in_the_tallies():
    resumed = [_result(0, collapsed=True), _result(1, error="Timeout: ...")]
    text, display = _render([_result(2, collapsed=True)], total=5, resumed=resumed)
    frame = _last_frame(text)
    assert "3/5" in frame and "2 collapsed" in frame and "1 errors" in frame
    assert (display.done, display.collapsed, display.errors) == (3, 2, 1)


def test_skipped_cells_are_shown_only_when_there_are_some():
    text, display = _render(
        [_result(0), CellResult(cell={"seed": 1}, skipped="no CUDA here")], total=2
    )
    assert (
        "1 skipped" in _last_frame(text)
        and display.summary() == "2/2 runs · 0 collapsed · 0 errors · 1 skipped"
    )
    text, _ = _render([_result(0)], total=1)
    assert "skipped" not in text


def test_a_timeout_or_dead_worker_counts_as_an_error_not_a_collapse():
    _, display = _render([_result(0, collapsed=True, error="WorkerDied: ...")], total=1)
    assert (display.collapsed, display.errors) == (0, 1)


def test_writes_happen_inside_the_terminal_context_only():
    entered = []

    class Recorder:
        def __enter__(self):
            entered.append("in")

        def __exit__(self, *exc):
            entered.append("out")

    buffer = io.StringIO()
    display = SweepProgress(
        "test_sweep", Console(file=buffer, force_terminal=True, width=120), on_terminal=Recorder
    )
    display.start(total=2)
    display.update(_result(0))
    written_before_close = buffer.getvalue()
    display.close()
    assert entered == ["in", "out"] * 3
    assert "1/2" in written_before_close


@pytest.fixture
def tty_config(pytester):
    def configure(*args):
        config = pytester.parseconfigure(*args)

        class Tty(io.StringIO):
            def isatty(self):
                return True

        config.get_terminal_writer()._file = Tty()
        return config

    return configure


def test_wanted_on_a_terminal_but_not_under_quiet(tty_config):
    assert wanted(tty_config())
    assert not wanted(tty_config("-q"))


def test_quiet_when_the_terminal_is_not_a_tty(pytester):
    config = pytester.parseconfigure()  # pytester's stdout is a capture buffer, not a tty
    assert not wanted(config)

    class Item:
        name = "test_sweep"

    Item.config = config
    assert for_item(Item()) is None


def test_a_sweep_draws_its_progress_on_a_terminal(project):
    project.makeconftest(TTY_CONFTEST)
    project.makepyfile(test_a=SWEEP)
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    assert result.ret == 0, result.stdout.str()
    terminal = (project.path / "terminal.txt").read_text()
    frames = [
        line
        for line in terminal.replace("\r", "\n").splitlines()
        if "test_sweep" in line and "runs" in line
    ]
    assert frames, terminal
    final = frames[-1]
    assert "6/6" in final and "2 collapsed" in final and "1 errors" in final
    runs = load_report(project.path / "r.json")["sweeps"][0]["runs"]
    assert (
        sum(run["collapsed"] for run in runs) == 2
        and sum(run["error"] is not None for run in runs) == 1
    )


def test_a_sweep_draws_nothing_under_quiet_or_without_a_terminal(project):
    project.makepyfile(test_a=SWEEP)
    plain = project.runpytest(options.FLAG)
    assert plain.ret == 0 and "runs/s" not in plain.stdout.str()
    project.makeconftest(TTY_CONFTEST)
    quiet = project.runpytest(options.FLAG, "-q")
    assert quiet.ret == 0
    assert "runs/s" not in (project.path / "terminal.txt").read_text()
