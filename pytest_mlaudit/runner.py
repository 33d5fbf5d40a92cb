"""Runs a sweep: resolve the grid, run the cells through an executor, store them for resume,
evaluate the checks. The plugin and a direct call of a decorated test both come through here."""

from __future__ import annotations

import dataclasses
import math
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import seeding
from .checks.base import CheckResult
from .executors.base import StopCell
from .grid import SEED_AXIS, CellResult, SweepSpec

SEED_DECORATOR = "seed_sweep"


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

    @property
    def executor_name(self) -> str:
        from .executors import resolve_name

        return resolve_name(self.executor, self.workers)


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
        function: Callable,
        fixtures: Mapping,
        *,
        args: Sequence = (),
        deterministic: bool = False,
    ) -> None:
        self.function = function
        self.fixtures = dict(fixtures)
        self.args = tuple(args)
        self.deterministic = deterministic

    def __call__(self, cell: dict) -> CellResult:
        torch_before = seeding.torch_loaded()
        result = self._run(cell)
        if not torch_before and seeding.torch_loaded():
            # The call imported torch after seeding, so its torch draws were unseeded: run the cell
            # again now that torch is loaded and gets seeded (once per process).
            result = self._run(cell)
        return result

    def _run(self, cell: dict) -> CellResult:
        from . import metrics
        from .api import Run

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


@dataclasses.dataclass
class SweepOutcome:
    nodeid: str
    spec: SweepSpec
    results: list
    checks: list
    options: SweepOptions
    interrupted: bool = False
    seconds: float = 0.0
    environment: dict | None = None

    @property
    def failed(self) -> bool:
        return any(check.fails_test for check in self.checks)

    def reproduce(self) -> str:
        return reproduce_command(self.nodeid, self.spec, self.options)

    def to_json(self) -> dict:
        pairing = self.spec.pairing_axis
        runs = []
        for result in self.results:
            labels = self.spec.label_cell(result.cell)
            runs.append(
                {
                    "seed": result.cell.get(pairing),
                    "condition": {k: v for k, v in labels.items() if k != pairing},
                    "condition_label": self.spec.condition_label(result.cell),
                    "metrics": None
                    if result.metrics is None
                    else {k: _json_float(v) for k, v in result.metrics.items()},
                    "collapsed": bool(result.collapsed),
                    "collapse_reasons": _collapse_reasons(result),
                    "error": result.error,
                    "skipped": result.skipped,
                    "seconds": round(float(result.seconds), 6),
                    "resumed": result.resumed,
                    "prevalence": None if result.run is None else float(result.run.y_true.mean()),
                }
            )
            calls = _per_case_calls(result)
            if calls is not None:  # longitudinal builds: what `mlaudit diff` compares case by case
                runs[-1]["calls"] = calls
        return {
            "nodeid": self.nodeid,
            "test": getattr(self.spec.function, "__qualname__", str(self.spec.function)),
            "parameters": self.spec.parameters(),
            "options": dataclasses.asdict(self.options),
            "executor": self.options.executor_name,
            "reproduce": self.reproduce(),
            "interrupted": self.interrupted,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "runs": runs,
            "checks": [check.to_json() for check in self.checks],
            "environment": self.environment,
        }


def _per_case_calls(result: CellResult) -> dict | None:
    extra = getattr(result.run, "extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("calls"), dict):
        return extra["calls"]
    return None


def _collapse_reasons(result: CellResult) -> list:
    if not result.collapsed or result.run is None or result.metrics is None:
        return []
    from . import metrics

    return metrics.collapse_reasons(result.run, result.metrics)


def _json_float(value: Any) -> Any:
    value = float(value)
    return value if math.isfinite(value) else None


def resolve(spec: SweepSpec, seeds: int | None) -> SweepSpec:
    """Apply --mlaudit-seeds N: range(N), or the first N of an explicit seed list."""
    if seeds is None or spec.axis(SEED_AXIS) is None:
        return spec
    explicit = next(
        (params.get("seeds") for name, params in spec.decorators if name == SEED_DECORATOR), None
    )
    values = list(explicit)[:seeds] if explicit else list(range(seeds))
    return spec.with_axis_values(SEED_AXIS, values)


def validate(spec: SweepSpec) -> list:
    """Configuration errors of a fully decorated test, one line each."""
    errors = list(spec.errors)
    names = {axis.name for axis in spec.axes}
    for check in spec.checks:
        missing = [need for need in check.needs if need not in names]
        if missing:
            errors.append(
                f"{spec.function.__qualname__}: check {check.name!r} needs axis {missing[0]!r}, which no decorator adds"
            )
        else:
            errors.extend(
                f"{spec.function.__qualname__}: {message}" for message in check.validate(spec)
            )
    return errors


def reproduce_command(nodeid: str, spec: SweepSpec, options: SweepOptions) -> str:
    parts = ["pytest", "--mlaudit"]
    if options.seeds is not None:
        parts += ["--mlaudit-seeds", str(options.seeds)]
    if options.deterministic:
        parts.append("--mlaudit-deterministic")
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


def evaluate_checks(spec: SweepSpec, results: Sequence[CellResult]) -> list:
    verdicts = []
    for check in spec.checks:
        try:
            verdicts.extend(check.results(results, spec))
        except Exception as exc:  # a broken check must not hide the others
            verdicts.append(
                CheckResult(
                    check.name or type(check).__name__,
                    "check raised",
                    None,
                    None,
                    False,
                    describe_exception(exc),
                )
            )
    return verdicts


def run_sweep(
    spec: SweepSpec,
    call: Callable,
    *,
    nodeid: str,
    options: SweepOptions,
    store: Any = None,
    on_interrupt: Callable | None = None,
    environment: Callable | None = None,
    progress: Any = None,
) -> SweepOutcome:
    """Run every cell not already in the resume store; return results in grid order with the
    checks' verdicts. On KeyboardInterrupt, hand the partial outcome to `on_interrupt`, then
    re-raise. `progress` (optional) is told `start(total, resumed)`, `update(result)` per finished
    run and `close()` (pytest_mlaudit.progress.SweepProgress draws it)."""
    from . import executors

    started = time.perf_counter()
    cells = spec.cells()
    keys = [spec.cell_key(cell) for cell in cells]
    cells_by_key = dict(zip(keys, cells))
    done: dict = {}
    if store is not None:
        if options.resume:
            done = store.load(cells_by_key)
        store.reset(keep=done)
    todo = [cell for cell, key in zip(cells, keys) if key not in done]
    results = dict(done)
    executor = executors.load(
        options.executor_name,
        options.workers,
        resources=spec.setting("resources"),
        retries=options.retries,
        address=options.ray_address,
    )
    stream = executor.map(call, todo, timeout=spec.setting("timeout"))

    def outcome(interrupted: bool) -> SweepOutcome:
        ordered = [results[key] for key in keys if key in results]
        verdicts = [] if interrupted else evaluate_checks(spec, ordered)
        return SweepOutcome(
            nodeid=nodeid,
            spec=spec,
            results=ordered,
            checks=verdicts,
            options=options,
            interrupted=interrupted,
            seconds=time.perf_counter() - started,
            environment=environment() if environment else None,
        )

    try:
        if progress is not None:
            progress.start(len(cells), done.values())
        for result in stream:
            key = spec.cell_key(result.cell)
            result.cell = cells_by_key.get(key, result.cell)
            results[key] = result
            if store is not None:
                store.append(key, result)
            if progress is not None:
                progress.update(result)
    except KeyboardInterrupt:
        stream.close()
        if progress is not None:
            progress.close()
        if store is not None:
            store.close()
        if on_interrupt is not None:
            on_interrupt(outcome(interrupted=True))
        raise
    finally:
        stream.close()
        if progress is not None:
            progress.close()
        if store is not None:
            store.close()
    return outcome(interrupted=False)


def run_sweep_directly(spec: SweepSpec, args: Sequence, kwargs: Mapping) -> SweepOutcome:
    """A decorated test called outside pytest's pyfunc_call: serial, no resume; raises
    AssertionError with the report when a check fails."""
    errors = validate(spec)
    if errors:
        from .grid import SweepConfigError

        raise SweepConfigError(errors[0])
    options = SweepOptions()
    outcome = run_sweep(
        spec,
        CellCall(spec.function, kwargs, args=args),
        nodeid=spec.function.__qualname__,
        options=options,
    )
    if outcome.failed:
        from .terminal import failure_message

        raise AssertionError(failure_message(outcome.to_json()))
    return outcome


def run_pytest_item(
    item: Any, spec: SweepSpec, options: SweepOptions, on_interrupt: Callable
) -> str | None:
    """Run the sweep of a pytest item; attach its JSON to the item's user_properties (so it
    reaches the controller under xdist and the JUnit XML); return the failure message or None."""
    import inspect
    import json
    from pathlib import Path

    from . import environment
    from .options import USER_PROPERTY
    from .resume import CACHE_SUBDIR, ResumeStore, store_key
    from .terminal import failure_message

    spec = resolve(spec, options.seeds)
    obj = item.obj
    args = (obj.__self__,) if inspect.ismethod(obj) else ()
    wanted = [name for name in inspect.signature(obj).parameters if name in item.funcargs]
    fixtures = {name: item.funcargs[name] for name in wanted}
    store = None
    cache = getattr(item.config, "cache", None)
    if cache is not None:
        try:
            source = Path(str(item.path)).read_bytes()
        except OSError:
            source = b""
        key = store_key(item.nodeid, spec.parameters(), source)
        store = ResumeStore(Path(cache.mkdir(CACHE_SUBDIR)) / f"{key}.jsonl")
    try:
        from .progress import for_item
    except ImportError:  # the live display is optional
        progress = None
    else:
        progress = for_item(item)
    outcome = run_sweep(
        spec,
        CellCall(spec.function, fixtures, args=args, deterministic=options.deterministic),
        nodeid=item.nodeid,
        options=options,
        store=store,
        on_interrupt=lambda partial: on_interrupt(partial.to_json()),
        environment=lambda: environment.fingerprint(options.deterministic),
        progress=progress,
    )
    sweep = outcome.to_json()
    item.user_properties.append((USER_PROPERTY, json.dumps(sweep, default=str)))
    return failure_message(sweep) if outcome.failed else None
