"""pytest hooks of mlaudit: options, markers, collection, pyfunc_call, summary and report.

Hooks only: sweeps run in `harness.item`, tables come from `report.terminal`, the report file
from `report.schema` and `report.file`. Loading this module imports neither numpy, scipy nor torch
(tests/plugin/test_plugin_import_cost.py proves it).
"""

from __future__ import annotations

import json
import time

import pytest

from . import options as names
from .core.outcome import SweepOptions
from .core.spec import MAX_SEEDS, sweep_of

_STATE = pytest.StashKey["_Collected"]()
_WORKERS_CAPPED = pytest.StashKey[str]()


class _Collected:
    """Sweeps gathered in this process (the controller, under xdist) for the summary and report."""

    def __init__(self) -> None:
        self.sweeps: list = []
        self.interrupted = False
        self.refused = False  # a file the report would replace was found: write nothing
        self.started = time.monotonic()
        self.written: list[str] = []  # report files, for the terminal summary
        self.notes: list[str] = []  # one line each: a missing extra, a section that failed

    def add(self, sweep: dict) -> None:
        self.sweeps = [s for s in self.sweeps if s["nodeid"] != sweep["nodeid"]] + [sweep]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Under xdist this runs in the controller, with the report a worker sent: the sweep
        # travels as JSON in user_properties.
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == names.USER_PROPERTY and isinstance(value, str):
                self.add(json.loads(value))


def _run_options(config: pytest.Config) -> SweepOptions:
    return SweepOptions(
        seeds=config.getoption(names.DEST_SEEDS),
        workers=config.getoption(names.DEST_WORKERS),
        executor=config.getoption(names.DEST_EXECUTOR),
        deterministic=config.getoption(names.DEST_DETERMINISTIC),
        resume=config.getoption(names.DEST_RESUME),
        retries=config.getoption(names.DEST_RETRIES),
        ray_address=config.getoption(names.DEST_RAY_ADDRESS),
    )


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _report_sections(config: pytest.Config, report: dict) -> tuple[list[dict], list[str]]:
    """What conftests return from pytest_mlaudit_report_sections, checked, and one line per
    implementation that raised or returned something that is not a section."""
    from pathlib import Path

    from .report.schema import section_record

    sections: list[dict] = []
    notes: list[str] = []
    hook = config.hook.pytest_mlaudit_report_sections
    for impl in hook.get_hookimpls():
        if impl.hookwrapper or getattr(impl, "wrapper", False):
            continue
        code = getattr(impl.function, "__code__", None)
        source = impl.plugin_name
        if code is not None:
            try:
                where = Path(code.co_filename).resolve().relative_to(config.rootpath)
            except ValueError:
                where = Path(code.co_filename)
            source = f"{where}:{code.co_firstlineno}"
        arguments = {"config": config, "report": report}
        try:
            value = impl.function(**{name: arguments[name] for name in impl.argnames})
        except Exception as error:  # a broken section must not cost the report
            first = f"{type(error).__name__}: {error}".splitlines()[0]
            notes.append(f"{source}: pytest_mlaudit_report_sections raised {first}")
            continue
        values = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
        for item in values:
            try:
                sections.append(section_record(item, source))
            except ValueError as error:
                notes.append(str(error))
    return sections, notes


def _write_report(config: pytest.Config, final: bool = False) -> None:
    """The JSON report (also written when a sweep is interrupted); at the end of the session also
    report.md, report.html and the MLflow export."""
    path = config.getoption(names.DEST_REPORT)
    mlflow_uri = config.getoption(names.DEST_MLFLOW, None)
    state = config.stash.get(_STATE, None)
    if (
        (not path and not (final and mlflow_uri))
        or state is None
        or state.refused
        or _is_xdist_worker(config)
    ):
        return
    import dataclasses

    from .report import environment, file, schema

    options = _run_options(config)
    fingerprint = next((s["environment"] for s in state.sweeps if s.get("environment")), None)
    if fingerprint is None:
        fingerprint = environment.fingerprint(options.deterministic)
    report = schema.build(
        state.sweeps,
        fingerprint,
        dataclasses.asdict(options),
        interrupted=state.interrupted,
        seconds=time.monotonic() - state.started,
    )
    if final:
        sections, notes = _report_sections(config, report)
        report["sections"] = sections
        state.notes += notes
    if path:
        file.write(path, report)
    if not final:
        return
    rendered: list = []
    if path:
        from .report import sidecars

        state.written = [str(path)]
        try:
            started = time.monotonic()
            written, notes, rendered = sidecars.write_all(path, report)
            state.written += [str(p) for p in written]
            state.notes += notes
            if rendered:  # what the figures cost, beside what the session cost
                spent, session = time.monotonic() - started, report["seconds"] or 0.0
                share = (
                    f", {spent / session:.1%} of the session's {session:.0f} s" if session else ""
                )
                state.written[-1] += f" ({len(rendered)} figures in {spent:.1f} s{share})"
        except Exception as error:  # the JSON is written; say what went wrong with the rest
            state.notes.append(
                f"report.md/report.html not written: {type(error).__name__}: {error}"
            )
    if mlflow_uri:
        _export_mlflow(state, report, mlflow_uri, rendered)


def _export_mlflow(state: _Collected, report: dict, uri: str, rendered: list) -> None:
    from .report import mlflow_export, sidecars

    if not state.sweeps:
        return
    try:
        if not rendered:
            rendered, notes = sidecars.render_figures(report, ("png", "svg"))
            state.notes += [n for n in notes if n not in state.notes]
        else:  # the HTML's SVGs; MLflow's viewer shows PNG too
            rendered, _ = sidecars.render_figures(report, ("png", "svg"))
        done = mlflow_export.export(report, uri, mlflow_export.figures_by_sweep(rendered, report))
    except Exception as error:
        first = f"{type(error).__name__}: {error}".splitlines()[0]
        state.notes.append(f"{names.MLFLOW}: export to {uri} failed: {first}")
        return
    state.written.append(
        f"MLflow {done['uri']}: {len(done['parents'])} sweep run(s), {done['children']} cell run(s)"
    )


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from .report import hooks

    pluginmanager.add_hookspecs(hooks)


def pytest_mlaudit_sidecars(config: pytest.Config) -> list[str]:
    """report.md and report.html beside the JSON: checked as the JSON is, before any test runs."""
    path = config.getoption(names.DEST_REPORT)
    if not path:
        return []
    from .report.sidecars import paths

    return [str(p) for p in paths(path).values()]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mlaudit", "mlaudit: seed sweeps and methodology checks")
    group.addoption(
        names.FLAG,
        action="store_true",
        dest=names.DEST_FLAG,
        help="run the sweep tests (without it they are skipped)",
    )
    group.addoption(
        names.SEEDS,
        type=int,
        default=None,
        metavar="N",
        dest=names.DEST_SEEDS,
        help="override every sweep's number of seeds (quick runs)",
    )
    group.addoption(
        names.WORKERS,
        type=int,
        default=1,
        metavar="N",
        dest=names.DEST_WORKERS,
        help="run a sweep's cells in N worker processes (same seeds, same results)",
    )
    group.addoption(
        names.EXECUTOR,
        default=None,
        metavar="NAME",
        dest=names.DEST_EXECUTOR,
        help="executor for the cells: local, serial, process, ray (default local: process when workers >= 2, else serial)",
    )
    group.addoption(
        names.REPORT,
        default=None,
        metavar="PATH",
        dest=names.DEST_REPORT,
        help="write a JSON report of every sweep and the environment, with report.md and a "
        "self-contained report.html (figures: the plots extra) beside it",
    )
    group.addoption(
        names.MLFLOW,
        nargs="?",
        const="mlruns",
        default=None,
        metavar="URI",
        dest=names.DEST_MLFLOW,
        help="log every sweep as an MLflow run, one child run per cell (default store ./mlruns, "
        "no server; needs the mlflow extra). Write --mlaudit-mlflow=URI before test paths",
    )
    group.addoption(
        names.REPORT_OVERWRITE,
        action="store_true",
        dest=names.DEST_REPORT_OVERWRITE,
        help="let --mlaudit-report (and the files beside it) replace an earlier mlaudit report",
    )
    group.addoption(
        names.DETERMINISTIC,
        action="store_true",
        dest=names.DEST_DETERMINISTIC,
        help="also turn on torch.use_deterministic_algorithms in every run",
    )
    group.addoption(
        names.RESUME,
        action="store_true",
        dest=names.DEST_RESUME,
        help="continue interrupted sweeps from the runs stored in pytest's cache",
    )
    group.addoption(
        names.RAY_ADDRESS,
        default=None,
        metavar="ADDRESS",
        dest=names.DEST_RAY_ADDRESS,
        help="with --mlaudit-executor ray: 'auto' or a cluster address (default: start a local Ray instance)",
    )
    group.addoption(
        names.RETRIES,
        type=int,
        default=3,
        metavar="N",
        dest=names.DEST_RETRIES,
        help="start a run again up to N times when its Ray worker or node dies (default 3)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", names.MARKER_HELP)
    seeds = config.getoption(names.DEST_SEEDS)
    if seeds is not None and seeds < 1:
        raise pytest.UsageError(f"{names.SEEDS} must be >= 1, got {seeds}")
    if seeds is not None and seeds > MAX_SEEDS:
        raise pytest.UsageError(f"{names.SEEDS} must be <= {MAX_SEEDS:,}, got {seeds:,}")
    workers = config.getoption(names.DEST_WORKERS)
    if workers < 1:
        raise pytest.UsageError(f"{names.WORKERS} must be >= 1, got {workers}")
    _cap_local_workers(config, workers)
    retries = config.getoption(names.DEST_RETRIES)
    if retries < 0:
        raise pytest.UsageError(f"{names.RETRIES} must be >= 0, got {retries}")
    executor = config.getoption(names.DEST_EXECUTOR)
    if executor is not None:
        from .runner.executors import ExecutorUnavailable, check, known

        if executor not in known():
            raise pytest.UsageError(
                f"{names.EXECUTOR} {executor}: unknown executor (known: {', '.join(known())})"
            )
        if config.getoption(names.DEST_FLAG):
            try:
                check(executor)  # e.g. Ray not installed: say how to install it, before collecting
            except ExecutorUnavailable as exc:
                raise pytest.UsageError(str(exc)) from None
    report_path = config.getoption(names.DEST_REPORT)
    if report_path and not _is_xdist_worker(config):
        from .report.file import path_problem

        problem = path_problem(report_path, overwrite=config.getoption(names.DEST_REPORT_OVERWRITE))
        if problem:
            raise pytest.UsageError(problem)
        from .report.sidecars import foreign_problem

        problem = foreign_problem(report_path, names.REPORT)
        if problem:
            raise pytest.UsageError(problem)
    mlflow_uri = config.getoption(names.DEST_MLFLOW)
    if mlflow_uri is not None and not _is_xdist_worker(config):
        from .report.mlflow_export import store_problem

        problem = store_problem(mlflow_uri, names.MLFLOW)
        if problem:
            raise pytest.UsageError(problem)
    if config.getoption(names.DEST_RESUME) and not config.pluginmanager.has_plugin("cacheprovider"):
        raise pytest.UsageError(
            f"{names.RESUME} reads completed runs from pytest's cache, which -p no:cacheprovider turned off"
        )
    if config.getoption(names.DEST_DETERMINISTIC):
        from .runner.seeding import prepare_deterministic

        prepare_deterministic()
    state = _Collected()
    config.stash[_STATE] = state
    config.pluginmanager.register(state, "mlaudit-collector")


def _usable_cpus() -> int:
    import os

    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _cap_local_workers(config: pytest.Config, workers: int) -> None:
    """More local worker processes than CPUs only slows every run down (and thousands of forks
    can exhaust the machine): cap at the CPUs this process may use and say so in the header.
    Ray schedules on its cluster's CPUs, so its worker count is left alone."""
    executor = config.getoption(names.DEST_EXECUTOR)
    if executor == "ray":
        return
    cpus = _usable_cpus()
    if workers > cpus:
        setattr(config.option, names.DEST_WORKERS, cpus)
        config.stash[_WORKERS_CAPPED] = (
            f"mlaudit: {names.WORKERS} {workers} capped at {cpus}, the CPUs this process may use"
        )


def pytest_report_header(config: pytest.Config) -> str | list[str] | None:
    if not config.getoption(names.DEST_FLAG):
        return None
    capped = config.stash.get(_WORKERS_CAPPED, None)
    if capped:
        return [_header(config), capped]
    return _header(config)


def _header(config: pytest.Config) -> str:
    from .runner.executors import resolve_name

    options = _run_options(config)
    executor = resolve_name(options.executor, options.workers)
    parts = [names.FLAG]
    if options.seeds is not None:
        parts.append(f"{names.SEEDS} {options.seeds}")
    if options.deterministic:
        parts.append(names.DETERMINISTIC)
    return f"mlaudit: {' '.join(parts)} (executor {executor}, {options.workers} worker(s); these options reproduce the sweeps)"


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    try:
        spec = sweep_of(obj)
    except Exception:  # objects with exotic __getattr__ are not ours
        return None
    if spec is None:
        return None
    from .runner.runner import validate

    errors = validate(spec)
    if errors:
        # Like pytest's own parametrize errors: one line per problem, no traceback.
        pytest.fail("\n".join(errors), pytrace=False)
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if not config.getoption(names.DEST_REPORT) or _is_xdist_worker(config):
        return
    from .report.file import target_problem

    overwrite = config.getoption(names.DEST_REPORT_OVERWRITE)
    for paths in config.hook.pytest_mlaudit_sidecars(config=config):
        for path in paths or ():
            problem = target_problem(path, overwrite=overwrite)
            if problem:  # before any test runs: nothing trained, nothing written
                config.stash[_STATE].refused = True
                raise pytest.UsageError(problem)


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    if config.getoption(names.DEST_FLAG):
        return
    skip = pytest.mark.skip(reason=names.SKIP_REASON)
    for item in items:
        if item.get_closest_marker(names.MARKER) is not None:
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    spec = sweep_of(pyfuncitem.obj)
    if spec is None:
        return None
    __tracebackhide__ = True
    from .harness.item import run_pytest_item
    from .runner.executors import ExecutorUnavailable

    config = pyfuncitem.config
    state = config.stash[_STATE]

    def on_interrupt(sweep: dict) -> None:
        state.add(sweep)
        state.interrupted = True
        _write_report(config)

    try:
        message = run_pytest_item(pyfuncitem, spec, _run_options(config), on_interrupt)
    except (
        ExecutorUnavailable
    ) as exc:  # no Ray cluster, resources no node has, a test that cannot be sent
        pytest.fail(str(exc), pytrace=False)
    if message is not None:
        raise AssertionError(message)
    return True


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    state = config.stash.get(_STATE, None)
    if state is None:
        return
    for line in state.notes:
        terminalreporter.write_line(f"mlaudit: {line}", yellow=True)
    if state.written:
        terminalreporter.write_line("mlaudit: report written to " + ", ".join(state.written))
    if not state.sweeps:
        return
    from .report.terminal import render

    terminalreporter.section("mlaudit sweeps")
    # Tables narrower than this wrap their test names into unreadable columns; a wider table in a
    # narrow terminal wraps whole lines instead, which reads better.
    width = max(110, config.get_terminal_writer().fullwidth)
    for sweep in state.sweeps:
        for line in (
            render(sweep, width=width, color=terminalreporter.hasmarkup).rstrip("\n").splitlines()
        ):
            terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session) -> None:
    _write_report(session.config, final=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    from .runner.executors import close_loaded

    close_loaded()  # e.g. shut down the local Ray instance a sweep started
    state = config.stash.get(_STATE, None)
    if state is not None and config.pluginmanager.is_registered(state):
        config.pluginmanager.unregister(state)
