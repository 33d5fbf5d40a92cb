"""The stacking contract shared by every mlaudit decorator (`seed_sweep`, `cross_precision`, ...).

A decorator checks its arguments, then builds an `Axis` and some `Check`s and calls `extend_sweep`
(`sweep_decorator` does both steps for the decorators of this package); the wrapper, the pytest
marker, the signature rewrite and the deferred one-line configuration errors are handled here once.
See docs/extending.md.

Kept import-light: decorators run while pytest imports test modules.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeGuard

from ..core.spec import SPEC_ATTRIBUTE, Axis, SweepCheck, SweepSpec, sweep_of
from ..options import MARKER
from .direct import run_sweep_directly

TestFunction = Callable[..., Any]
Decorator = Callable[[TestFunction], TestFunction]


def is_bare(first: Any) -> TypeGuard[TestFunction]:
    """Whether a decorator was applied without parentheses (`@seed_sweep`, not `@seed_sweep()`):
    Python then hands it the test function as its first argument."""
    return inspect.isfunction(first) or inspect.ismethod(first)


def needs_arguments(function: TestFunction, decorator: str, how: str) -> TestFunction:
    """The sweep wrapper of a decorator used bare that cannot work without arguments: collection
    reports one line saying how to call it (instead of pytest's "fixture 'function' not found")."""
    return extend_sweep(function, decorator=decorator, errors=[f"needs arguments: write {how}"])


def accepts(function: TestFunction, name: str) -> bool:
    """Whether `function` (or the test under a sweep wrapper) can be called with `name=...`."""
    spec = sweep_of(function)
    target = spec.function if spec is not None else function
    parameters = inspect.signature(target).parameters.values()
    return any(p.name == name and p.kind != p.POSITIONAL_ONLY for p in parameters) or any(
        p.kind == p.VAR_KEYWORD for p in parameters
    )


def _where(function: TestFunction) -> str:
    code = getattr(function, "__code__", None)
    if code is None:
        return getattr(function, "__qualname__", repr(function))
    return f"{code.co_filename}:{code.co_firstlineno}: {function.__qualname__}"


def _wrap(function: TestFunction, spec: SweepSpec) -> TestFunction:
    @functools.wraps(function)
    def sweep_wrapper(*args: Any, **kwargs: Any) -> Any:
        # Called directly rather than through pytest: run the whole grid serially and raise on a
        # failed check, so a decorated test still means the same thing outside the plugin.
        return run_sweep_directly(spec, args, kwargs)

    setattr(sweep_wrapper, SPEC_ATTRIBUTE, spec)
    import pytest

    # Store the mark directly rather than `pytest.mark.mlaudit(wrapper)`: that call treats a
    # function named "<lambda>" as a mark argument and would return a MarkDecorator.
    mark = getattr(pytest.mark, MARKER).mark
    sweep_wrapper.pytestmark = [*getattr(function, "pytestmark", []), mark]  # type: ignore[attr-defined]
    return sweep_wrapper


def extend_sweep(
    function: TestFunction,
    *,
    decorator: str | None = None,
    params: Mapping[str, Any] | None = None,
    axis: Axis | None = None,
    checks: Iterable[SweepCheck] = (),
    settings: Mapping[str, Any] | None = None,
    errors: Iterable[str] = (),
) -> TestFunction:
    """Add an axis, checks and settings to a (possibly already decorated) test function.

    Returns the sweep wrapper: a function whose signature lacks every axis keyword (so pytest only
    looks up the remaining arguments as fixtures), that carries the `SweepSpec` and the `mlaudit`
    marker. Configuration errors never raise here: they are recorded and reported by the plugin at
    collection as one line naming the parameter (raising at import would give a traceback).
    """
    decorator = decorator or (f"{axis.name} axis" if axis is not None else "extend_sweep")
    spec = sweep_of(function)
    if spec is None:
        if not callable(function):
            raise TypeError(f"{decorator} decorates a test function, got {function!r}")
        spec = SweepSpec(function=function)
        wrapper = _wrap(function, spec)
    else:
        wrapper = function
    where = _where(spec.function)
    spec.decorators.append((decorator, dict(params or {})))
    spec.errors.extend(f"{where}: {decorator}: {message}" for message in errors)
    if axis is not None:
        if spec.axis(axis.name) is not None:
            spec.errors.append(
                f"{where}: {decorator}: axis {axis.name!r} is already swept by another decorator"
            )
        elif not accepts(spec.function, axis.name):
            spec.errors.append(
                f"{where}: {decorator}: the test function has no {axis.name!r} parameter "
                f"(it is called once per {axis.name} with {axis.name}=...)"
            )
        else:
            spec.axes.append(dataclasses.replace(axis, decorator=axis.decorator or decorator))
    spec.checks.extend(checks)
    for key, value in (settings or {}).items():
        if value is None:
            continue
        previous = spec.settings.get(key)
        if previous is not None and previous != value:
            spec.errors.append(
                f"{where}: {decorator}: {key}={value!r} conflicts with {key}={previous!r} from another decorator"
            )
        spec.settings[key] = value
    _rewrite_signature(wrapper, spec)
    return wrapper


@dataclasses.dataclass(frozen=True)
class Extension:
    """What a decorator adds to the sweep: its axes (the first one carries the checks and
    settings), its checks and its settings (see `extend_sweep`)."""

    axes: Sequence[Axis]
    checks: Sequence[SweepCheck] = ()
    settings: Mapping[str, Any] | None = None


def sweep_decorator(
    name: str,
    params: Mapping[str, Any],
    errors: Sequence[str],
    extension: Callable[[TestFunction], Extension],
) -> Decorator:
    """The decorator that a decorator factory such as `seed_sweep(...)` returns once it has checked
    its arguments.

    Applied to a test function, it records `params` under `name` (the report and the resume key
    read them), then either the configuration `errors` (the plugin reports each at collection as
    one line) and nothing else, so that no axis or check is ever built from bad arguments, or,
    when there are none, what `extension(function)` adds.
    """

    def decorate(function: TestFunction) -> TestFunction:
        if errors:
            return extend_sweep(function, decorator=name, params=params, errors=errors)
        added = extension(function)
        first, *more = added.axes
        wrapper = extend_sweep(
            function,
            decorator=name,
            params=params,
            axis=first,
            checks=added.checks,
            settings=added.settings,
        )
        for axis in more:  # the decorator's params are already recorded with its first axis
            wrapper = extend_sweep(wrapper, decorator=name, params={"axis": axis.name}, axis=axis)
        return wrapper

    return decorate


def _rewrite_signature(wrapper: TestFunction, spec: SweepSpec) -> None:
    # Like Hypothesis's @given: drop the swept keywords so pytest does not look for fixtures named
    # `seed` or `precision`; every remaining parameter is an ordinary fixture.
    swept = {a.name for a in spec.axes}
    signature = inspect.signature(spec.function)
    kept = [p for p in signature.parameters.values() if p.name not in swept]
    wrapper.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
