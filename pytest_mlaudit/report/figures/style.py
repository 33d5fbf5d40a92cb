"""One look for every figure: a colour-blind-safe palette, labelled axes, the test id in the title
and the test with its p-value in the caption; Agg only, no pyplot (no global figure state, no
display needed).

matplotlib is imported here and by the drawers, never when the plugin loads: the `plots` extra.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

from .plan import FigureSpec

EXTRA = "plots"
MISSING = f"figures need matplotlib, which is not installed: pip install 'pytest-mlaudit[{EXTRA}]'"

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies. Black last: it is for emphasis (means, reference lines).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
EMPHASIS = "#000000"
MUTED = "#7F7F7F"
# Perceptually uniform and designed for colour-vision deficiency (Nuñez et al. 2018).
HEATMAP = "cividis"
WIDTH = 7.0  # inches
DPI = 100
FORMATS = ("png", "svg")

RC: dict[str, Any] = {
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.fonttype": "none",  # text stays text in the SVG: searchable, small
    "svg.hashsalt": "mlaudit",  # the same figure gives the same SVG
    "path.simplify": True,
}


class PlotsUnavailable(RuntimeError):
    """matplotlib is not installed; the message is one line naming the extra."""


def require() -> Any:
    """matplotlib (drawn with Agg, never shown); PlotsUnavailable when it is not installed."""
    try:
        import matplotlib
    except ImportError:
        raise PlotsUnavailable(MISSING) from None
    return matplotlib


def settings() -> Any:
    """The style as a context: the user's own rcParams are left as they were."""
    return require().rc_context(RC)


def colour(index: int) -> str:
    return PALETTE[index % (len(PALETTE) - 1)]  # black is kept for emphasis


def new_figure(
    spec: FigureSpec,
    height: float = 3.6,
    panels: tuple[int, int] = (1, 1),
    row_labels: Sequence[str] = (),
) -> tuple:
    """A figure with the spec's title (its test id, then what it shows) and caption, and its axes.

    Margins are computed from the text, not by a layout engine: constrained layout costs about a
    third of a figure's drawing time, and every figure here has the same simple shape.
    """
    require()
    from matplotlib.figure import Figure

    title_lines = textwrap.wrap(spec.nodeid, 95) + [spec.title]
    caption_lines = textwrap.wrap(spec.caption, 135) if spec.caption else []
    line = 0.16  # inches per line of 8-9 pt text
    top, bottom = 0.12 + line * len(title_lines), 0.62 + 0.13 * len(caption_lines)
    total = height + top + bottom - 0.9
    figure = Figure(figsize=(WIDTH, total), dpi=DPI)
    figure.text(0.01, 1 - 0.06 / total, "\n".join(title_lines), fontsize=9, ha="left", va="top")
    if caption_lines:
        # The caption names the test and p-value, so a figure file read alone still says them.
        figure.text(
            0.01,
            0.04 / total,
            "\n".join(caption_lines),
            fontsize=7,
            ha="left",
            va="bottom",
            color="#333333",
        )
    longest = max(
        (len(line) for label in row_labels for line in short(label).splitlines()), default=0
    )
    left = max(0.75, 0.3 + 0.075 * longest)  # inches: room for the longest row label
    figure.subplots_adjust(
        left=left / WIDTH,
        right=0.97,
        top=1 - (top + 0.05) / total,
        bottom=(bottom + 0.02) / total,
        hspace=0.5,
        wspace=0.3,
    )
    axes = figure.subplots(*panels, squeeze=False)
    return figure, axes


def to_bytes(figure: Any, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes (Agg, no window)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {FORMATS}, got {fmt!r}")
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    with settings():
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def short(label: str, limit: int = 28) -> str:
    """A tick label that fits: long condition labels are wrapped, then cut."""
    lines = textwrap.wrap(label, 16) or [label]
    text = "\n".join(lines[:3])
    return text if len(text) <= limit + 3 else text[:limit] + "…"
