"""A sweep run as a pytest item: its fixtures, its resume store, its live display, its environment;
the sweep's record travels in the item's user_properties (so it reaches the controller under xdist,
and the JUnit XML)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.outcome import SweepOptions
from ..core.spec import SweepSpec
from ..options import USER_PROPERTY
from ..report import environment
from ..report.schema import sweep_record
from ..report.terminal import failure_message
from ..runner.cells import CellCall
from ..runner.resume import CACHE_SUBDIR, ResumeStore, store_key
from ..runner.runner import resolve, run_sweep


def _resume_store(item: Any, spec: SweepSpec) -> ResumeStore | None:
    cache = getattr(item.config, "cache", None)
    if cache is None:  # -p no:cacheprovider
        return None
    try:
        source = Path(str(item.path)).read_bytes()
    except OSError:
        source = b""
    key = store_key(item.nodeid, spec.parameters(), source)
    return ResumeStore(Path(cache.mkdir(CACHE_SUBDIR)) / f"{key}.jsonl")


def run_pytest_item(
    item: Any,
    spec: SweepSpec,
    options: SweepOptions,
    on_interrupt: Callable[[dict[str, Any]], None],
) -> str | None:
    """Run the sweep of a pytest item; attach its record to the item's user_properties; return the
    failure message or None. `on_interrupt` receives the partial record on Ctrl-C."""
    spec = resolve(spec, options.seeds)
    obj = item.obj
    args = (obj.__self__,) if inspect.ismethod(obj) else ()
    wanted = [name for name in inspect.signature(obj).parameters if name in item.funcargs]
    fixtures = {name: item.funcargs[name] for name in wanted}
    try:
        from ..report.progress import for_item
    except ImportError:  # the live display is optional
        progress = None
    else:
        progress = for_item(item)
    outcome = run_sweep(
        spec,
        CellCall(spec.function, fixtures, args=args, deterministic=options.deterministic),
        nodeid=item.nodeid,
        options=options,
        store=_resume_store(item, spec),
        on_interrupt=lambda partial: on_interrupt(sweep_record(partial)),
        environment=lambda: environment.fingerprint(
            options.deterministic, test_paths=[Path(str(item.path))]
        ),
        progress=progress,
    )
    sweep = sweep_record(outcome)
    item.user_properties.append((USER_PROPERTY, json.dumps(sweep, default=str)))
    return failure_message(sweep) if outcome.failed else None
