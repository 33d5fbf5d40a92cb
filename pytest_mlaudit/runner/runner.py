"""Runs a sweep: resolve the grid, run the cells through an executor, store them for resume,
evaluate the checks. Pytest items (`harness.item`) and direct calls (`harness.direct`) both come
through `run_sweep`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from ..core.outcome import SweepOptions, SweepOutcome
from ..core.spec import MAX_CELLS, SEED_AXIS, CellResult, SweepSpec
from ..core.verdict import CheckResult
from . import executors
from .cells import describe_exception
from .executors.base import CellFunction
from .resume import ResumeStore


class Progress(Protocol):
    """What the runner tells a live display (`pytest_mlaudit.report.progress.SweepProgress`)."""

    def start(self, total: int, resumed: Iterable[CellResult] = ()) -> None: ...

    def update(self, result: CellResult) -> None: ...

    def close(self) -> None: ...


def resolve(spec: SweepSpec, seeds: int | None) -> SweepSpec:
    """Apply --mlaudit-seeds N: range(N), or the first N of an explicit seed list."""
    axis = spec.axis(SEED_AXIS)
    if seeds is None or axis is None:
        return spec
    explicit = (spec.decorator_params(axis.decorator) or {}).get("seeds")
    values = list(explicit)[:seeds] if explicit else list(range(seeds))
    return spec.with_axis_values(SEED_AXIS, values)


def validate(spec: SweepSpec) -> list[str]:
    """Configuration errors of a fully decorated test, one line each."""
    errors = list(spec.errors)
    if spec.size() > MAX_CELLS:
        errors.append(
            f"{spec.function.__qualname__}: the grid has {spec.size():,} cells; at most "
            f"{MAX_CELLS:,} (each cell is a training): fewer seeds or fewer values per axis"
        )
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


def evaluate_checks(spec: SweepSpec, results: Sequence[CellResult]) -> list[CheckResult]:
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


class TaskKinds:
    """Stops a sweep at its first malformed run, or at a run whose task kind differs from the
    first run's (a sweep compares runs of one kind)."""

    def __init__(self, spec: SweepSpec, done: Iterable[CellResult]) -> None:
        self.spec = spec
        self.first: CellResult | None = next((r for r in done if r.ok and r.task), None)

    def where(self, result: CellResult) -> str:
        label = self.spec.label_cell(result.cell)
        return ", ".join(f"{k}={v}" for k, v in label.items()) or "the first run"

    def stop_reason(self, result: CellResult) -> str | None:
        if result.malformed:
            return (
                f"mlaudit stopped the sweep at its first malformed run ({self.where(result)}); "
                f"the other runs were not started or were abandoned: {result.error}"
            )
        if not result.ok or result.task is None:
            return None
        if self.first is None:
            self.first = result
            return None
        if result.task != self.first.task:
            return (
                f"mlaudit stopped the sweep: runs of two task kinds ({self.where(self.first)} returned a "
                f"{self.first.task} Run, {self.where(result)} a {result.task} Run); say task= in Run(...) "
                "so every run of a sweep is the same kind"
            )
        return None


def run_sweep(
    spec: SweepSpec,
    call: CellFunction,
    *,
    nodeid: str,
    options: SweepOptions,
    store: ResumeStore | None = None,
    on_interrupt: Callable[[SweepOutcome], None] | None = None,
    environment: Callable[[], dict] | None = None,
    progress: Progress | None = None,
) -> SweepOutcome:
    """Run every cell not already in the resume store; return results in grid order with the
    checks' verdicts. On KeyboardInterrupt, hand the partial outcome to `on_interrupt`, then
    re-raise. `progress` (optional) is told `start(total, resumed)`, `update(result)` per finished
    run and `close()`."""
    started = time.perf_counter()
    cells = spec.cells()
    keys = [spec.cell_key(cell) for cell in cells]
    cells_by_key = dict(zip(keys, cells))
    done: dict[str, CellResult] = {}
    if store is not None:
        if options.resume:
            done = store.load(cells_by_key)
        store.reset(keep=done)
    todo = [cell for cell, key in zip(cells, keys) if key not in done]
    results = dict(done)
    executor_name = executors.resolve_name(options.executor, options.workers)
    executor = executors.load(
        executor_name,
        options.workers,
        resources=spec.setting("resources"),
        retries=options.retries,
        address=options.ray_address,
    )
    stream = executor.map(call, todo, timeout=spec.setting("timeout"))

    stopped: str | None = None
    kinds = TaskKinds(spec, done.values())

    def outcome(interrupted: bool) -> SweepOutcome:
        ordered = [results[key] for key in keys if key in results]
        verdicts = [] if interrupted or stopped else evaluate_checks(spec, ordered)
        return SweepOutcome(
            nodeid=nodeid,
            spec=spec,
            results=ordered,
            checks=verdicts,
            options=options,
            executor=executor_name,
            interrupted=interrupted,
            seconds=time.perf_counter() - started,
            environment=environment() if environment else None,
            stopped=stopped,
        )

    try:
        if progress is not None:
            progress.start(len(cells), done.values())
        for result in stream:
            key = spec.cell_key(result.cell)
            result.cell = cells_by_key.get(key, result.cell)
            results[key] = result
            stopped = kinds.stop_reason(result)
            if stopped is not None:
                break  # every other run would repeat it: one message, not one per seed
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
