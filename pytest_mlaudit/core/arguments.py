"""Checks of decorator arguments, each returning one line naming the parameter (or None).

Decorators never raise on bad arguments: they collect these lines and hand them to
`extend_sweep(errors=...)`, and the plugin reports them at collection. Writing the common checks
once keeps the wording the same across decorators ("alpha must be in (0, 1), got 0").
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any


def is_int(value: Any) -> bool:
    """An integer that is not a bool (True is an int in Python, never a count here)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value: Any) -> bool:
    """A real number that is not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def interval_text(low: float, high: float, *, low_open: bool, high_open: bool) -> str:
    """'(0, 1)', '[0, 1]', '(0, 1]' ..."""
    return f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def within(value: Any, low: float, high: float, *, low_open: bool, high_open: bool) -> bool:
    if not is_real(value):
        return False
    above = value > low if low_open else value >= low
    below = value < high if high_open else value <= high
    return bool(above and below)


def in_interval(
    name: str,
    value: Any,
    low: float = 0.0,
    high: float = 1.0,
    *,
    low_open: bool = True,
    high_open: bool = True,
    optional: bool = False,
    noun: str = "",
) -> str | None:
    """'{name} must be in (0, 1), got {value!r}' unless `value` is a real number in the interval
    (`optional`: None is allowed too, and the message says so; `noun`: 'a number' reads
    '{name} must be a number in (0, 1]')."""
    if optional and value is None:
        return None
    if within(value, low, high, low_open=low_open, high_open=high_open):
        return None
    interval = interval_text(low, high, low_open=low_open, high_open=high_open)
    what = f"{noun} in {interval}" if noun else f"in {interval}"
    return f"{name} must be {'None or ' if optional else ''}{what}, got {value!r}"


def alpha_error(alpha: Any, name: str = "alpha") -> str | None:
    """A false-alarm rate: a number strictly between 0 and 1."""
    return in_interval(name, alpha)


def fraction_error(name: str, value: Any, *, optional: bool = True) -> str | None:
    """A share or rate in [0, 1] (None allowed unless `optional=False`)."""
    if optional and value is None:
        return None
    return in_interval(name, value, low_open=False, high_open=False)


def count_error(
    name: str, value: Any, minimum: int, maximum: int | None = None, why: str = ""
) -> str | None:
    """'{name} must be an integer >= {minimum}[ (why)], got {value!r}' and, with `maximum`,
    '{name} must be an integer <= {maximum}[ (why)], ...' for counts that would exhaust memory."""
    suffix = f" ({why})" if why else ""
    if not is_int(value) or value < minimum:
        return f"{name} must be an integer >= {minimum}{suffix}, got {value!r}"
    if maximum is not None and value > maximum:
        return f"{name} must be an integer <= {maximum:,}{suffix}, got {value!r}"
    return None


def choice_error(name: str, value: Any, choices: Iterable[Any]) -> str | None:
    """'{name} must be one of {choices!r}, got {value!r}'."""
    choices = tuple(choices)
    try:
        if value in choices:
            return None
    except TypeError:  # an unhashable or uncomparable value is not one of them
        pass
    return f"{name} must be one of {choices!r}, got {value!r}"


def positive_error(name: str, value: Any, *, noun: str = "a positive number") -> str | None:
    """'{name} must be a positive number, got {value!r}'."""
    if is_real(value) and value > 0:
        return None
    return f"{name} must be {noun}, got {value!r}"


def collect(*problems: str | None) -> list[str]:
    """The problems that are not None, in order."""
    return [problem for problem in problems if problem is not None]
