"""pytest hooks of mlaudit: options, markers, collection, pyfunc_call, summary and report.

Hooks only: sweeps run in `harness.item`, tables come from `report.terminal`, the report file
from `report.schema` and `report.file`. Loading this module imports neither numpy, scipy nor torch
(tests/plugin/test_plugin_import_cost.py proves it).
"""

from __future__ import annotations

import json

import pytest

from . import options as names
from .core.outcome import SweepOptions
from .core.spec import MAX_SEEDS, sweep_of

_STATE = pytest.StashKey["_Collected"]()


class _Collected:
    """Sweeps gathered in this process (the controller, under xdist) for the summary and report."""

    def __init__(self) -> None:
        self.sweeps: list = []
        self.interrupted = False
        self.refused = False  # a file the report would replace was found: write nothing

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


def _write_report(config: pytest.Config) -> None:
    path = config.getoption(names.DEST_REPORT)
    state = config.stash.get(_STATE, None)
    if not path or state is None or state.refused or _is_xdist_worker(config):
        return
    import dataclasses

    from .report import environment, file, schema

    options = _run_options(config)
    fingerprint = next((s["environment"] for s in state.sweeps if s.get("environment")), None)
    if fingerprint is None:
        fingerprint = environment.fingerprint(options.deterministic)
    file.write(
        path,
        schema.build(
            state.sweeps, fingerprint, dataclasses.asdict(options), interrupted=state.interrupted
        ),
    )


class _Hooks:
    """Hooks mlaudit offers to conftests and plugins."""

    @pytest.hookspec
    def pytest_mlaudit_sidecars(self, config: pytest.Config) -> list[str]:  # type: ignore[empty-body]
        """Paths of the files a conftest or plugin will write beside the --mlaudit-report (a
        markdown summary, say). They are checked as the report is, after collection and before any
        test runs: a file already there is kept unless --mlaudit-report-overwrite is given."""


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(_Hooks)


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
        help="write a JSON report of every sweep and the environment",
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


def pytest_report_header(config: pytest.Config) -> str | None:
    if not config.getoption(names.DEST_FLAG):
        return None
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
    if state is None or not state.sweeps:
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
    _write_report(session.config)


def pytest_unconfigure(config: pytest.Config) -> None:
    from .runner.executors import close_loaded

    close_loaded()  # e.g. shut down the local Ray instance a sweep started
    state = config.stash.get(_STATE, None)
    if state is not None and config.pluginmanager.is_registered(state):
        config.pluginmanager.unregister(state)
