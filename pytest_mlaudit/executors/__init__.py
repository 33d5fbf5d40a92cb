"""Executors run cells: serial (in-process), process (fork pool); more register here by name.

The registry maps a name to "module:Class" so that choosing an executor imports only that one
(Ray is heavy). `--mlaudit-executor NAME` picks one; by default `--mlaudit-workers N` picks
`process` for N >= 2 and `serial` otherwise.
"""

from __future__ import annotations

import importlib

REGISTRY = {
    "serial": "pytest_mlaudit.executors.serial:SerialExecutor",
    "process": "pytest_mlaudit.executors.process:ProcessPoolExecutor",
    "ray": "pytest_mlaudit.executors.ray:RayExecutor",
}


class ExecutorUnavailable(RuntimeError):
    """The named executor is unknown or cannot be imported; the message is one line."""


def default_name(workers: int) -> str:
    return "process" if workers >= 2 else "serial"


def load(name: str, workers: int, **options):
    """An executor instance by registry name. `options` (e.g. resources=) are passed on to the
    executors whose constructor takes them; None values are left out."""
    target = REGISTRY.get(name)
    if target is None:
        raise ExecutorUnavailable(f"unknown executor {name!r} (known: {', '.join(sorted(REGISTRY))})")
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ExecutorUnavailable(f"executor {name!r} is not available: {exc}") from None
    executor_class = getattr(module, class_name)
    import inspect

    parameters = inspect.signature(executor_class).parameters
    takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    accepted = {k: v for k, v in options.items() if v is not None and (takes_any or k in parameters)}
    return executor_class(workers=workers, **accepted)
