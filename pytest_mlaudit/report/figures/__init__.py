"""Figures of a report: `plan` decides which figures a report gets and the values each draws
(standard library only); `render` draws them with matplotlib (the `plots` extra, Agg backend) as
PNG and SVG. Nothing here imports matplotlib until a figure is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .plan import FigureSpec, plan
from .style import EXTRA, FORMATS, MISSING, PlotsUnavailable


def available() -> bool:
    """Whether matplotlib can be imported (without importing it)."""
    import importlib.util
    import sys

    if "matplotlib" in sys.modules:  # None there means an import was blocked
        return sys.modules["matplotlib"] is not None
    try:
        return importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):
        return False


def render(specs: Iterable[FigureSpec], formats: Sequence[str] = ("svg",)) -> list[Any]:
    """See `figures.drawing.render` (imported on first use: it pulls in the drawers)."""
    from .drawing import render as _render

    return _render(specs, formats)


__all__ = [
    "EXTRA",
    "FORMATS",
    "MISSING",
    "FigureSpec",
    "PlotsUnavailable",
    "available",
    "plan",
    "render",
]
