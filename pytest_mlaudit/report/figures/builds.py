"""Longitudinal figures: how far two builds' parameters drift apart as training goes on (vector
sine by step), and how many reportable calls two builds agree on.

Gids tests read back: ``sine:<pair label>`` (one line per build pair), ``threshold`` (√ε), and
the agreement heatmap's ``heatmap`` array with one text per cell.
"""

from __future__ import annotations

import math
from typing import Any

from . import style
from .counts import _heatmap
from .plan import FigureSpec

# Where a sine of exactly 0 is drawn on the log axis: below anything float64 can resolve between
# two unit vectors (~1e-16), so it cannot be mistaken for a measured value.
ZERO_LINE = 1e-18


def drawn_sine(value: float | None) -> float:
    """The y value a sine is drawn at (0 -> ZERO_LINE; None, i.e. non-finite, -> NaN: a gap)."""
    if value is None:
        return float("nan")
    return value if value > 0 else ZERO_LINE


def draw_sine(spec: FigureSpec) -> Any:
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    thresholds = set()
    for index, pair in enumerate(spec.payload["pairs"]):
        ax.plot(
            pair["steps"],
            [drawn_sine(s) for s in pair["sine"]],
            marker="o",
            markersize=3,
            linewidth=1.2,
            color=style.colour(index),
            label=pair["label"],
            gid=f"sine:{pair['label']}",
        )
        if pair.get("threshold"):
            thresholds.add(pair["threshold"])
    for number, threshold in enumerate(sorted(thresholds)):
        ax.axhline(
            threshold,
            color=style.EMPHASIS,
            linestyle="--",
            linewidth=0.8,
            label="√ε" if number == 0 else None,
            gid="threshold",
        )
    ax.set_yscale("log")
    ax.set_ylim(ZERO_LINE / 3, 1.5)
    ticks = [ZERO_LINE, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1]
    ax.set_yticks(ticks, ["0"] + [f"1e{round(math.log10(t))}" for t in ticks[1:]])
    ax.set_xlabel("training step (snapshot)")
    ax.set_ylabel("vector sine between the builds' parameters")
    ax.legend(loc="best")
    ax.grid(color="#DDDDDD", linewidth=0.5)
    return figure


def draw_agreement(spec: FigureSpec) -> Any:
    builds = spec.payload["builds"]
    figure, axes = style.new_figure(
        spec, height=max(3.0, 0.45 * len(builds) + 1.6), row_labels=builds
    )
    ax = axes[0][0]
    grid = spec.payload["grid"]
    values = [[a / n if n else None for a, n in row] for row in grid]
    texts = [[f"{a}/{n}" if n else "—" for a, n in row] for row in grid]
    lowest = min((v for row in values for v in row if v is not None), default=1.0)
    _heatmap(
        figure,
        ax,
        values,
        texts,
        builds,
        builds,
        "share of reportable calls agreeing",
        limits=(min(lowest, 0.99), 1.0),
    )
    ax.set_xlabel("build")
    ax.set_ylabel("build")
    ax.tick_params(axis="x", labelrotation=30)
    return figure
