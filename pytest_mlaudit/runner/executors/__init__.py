"""Executors run cells: serial (in-process), process (fork pool); more register here by name.

The registry maps a name to "module:Class" so that choosing an executor imports only that one
(Ray is heavy). `--mlaudit-executor NAME` picks one; by default `--mlaudit-workers N` picks
`process` for N >= 2 and `serial` otherwise, which is what `local` names.

An executor module may also define `unavailable() -> str | None` (why it cannot run here, one
line, checked at configure time without starting anything) and `close_session()` (called once at
the end of the pytest session, e.g. to shut down a Ray instance it started).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any

from .base import Executor, ExecutorUnavailable

REGISTRY = {
    "serial": "pytest_mlaudit.runner.executors.serial:SerialExecutor",
    "process": "pytest_mlaudit.runner.executors.process:ProcessPoolExecutor",
    "ray": "pytest_mlaudit.runner.executors.ray:RayExecutor",
}

LOCAL = "local"


def default_name(workers: int) -> str:
    return "process" if workers >= 2 else "serial"


def resolve_name(name: str | None, workers: int) -> str:
    """`local` (or no choice) is this machine's worker pool: process or serial."""
    return default_name(workers) if name in (None, LOCAL) else name


def known() -> list[str]:
    return sorted([*REGISTRY, LOCAL])


def check(name: str) -> None:
    """Raise ExecutorUnavailable (one line) when `name` cannot run here; imports only its module."""
    target = REGISTRY.get(resolve_name(name, 1))
    if target is None:
        raise ExecutorUnavailable(f"unknown executor {name!r} (known: {', '.join(known())})")
    try:
        module = importlib.import_module(target.partition(":")[0])
    except ImportError as exc:
        raise ExecutorUnavailable(f"executor {name!r} is not available: {exc}") from None
    problem = getattr(module, "unavailable", lambda: None)()
    if problem:
        raise ExecutorUnavailable(problem)


def close_loaded() -> None:
    """Let every executor module imported in this session release what it holds (a Ray instance it
    started); modules never imported are not imported now."""
    for target in REGISTRY.values():
        close = getattr(sys.modules.get(target.partition(":")[0]), "close_session", None)
        if close is not None:
            close()


def load(name: str, workers: int, **options: Any) -> Executor:
    """An executor instance by registry name. `options` (e.g. resources=) are passed on to the
    executors whose constructor takes them; None values are left out."""
    target = REGISTRY.get(name)
    if target is None:
        raise ExecutorUnavailable(
            f"unknown executor {name!r} (known: {', '.join(sorted(REGISTRY))})"
        )
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ExecutorUnavailable(f"executor {name!r} is not available: {exc}") from None
    executor_class = getattr(module, class_name)
    parameters = inspect.signature(executor_class).parameters
    takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    accepted = {
        k: v for k, v in options.items() if v is not None and (takes_any or k in parameters)
    }
    executor: Executor = executor_class(workers=workers, **accepted)
    return executor
