"""Counts: collapsed runs per condition (bars with exact intervals, or a heatmap over two axes),
observed against reference counts (Table 3 of the audited paper), and the heatmaps of a family of
sweeps (Finding 2: collapse counts per mixture cell and rounding mode; the spread over the cells).

Gids tests read back: bars ``collapsed`` / ``observed`` / ``reference`` (BarContainer labels),
heatmaps ``heatmap`` (their array) with one text per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import style
from .plan import FigureSpec, format_p
from .strip import tick_labels


def _interval(count: int, runs: int) -> tuple[float, float]:
    from ...core.stats import proportion_interval

    return proportion_interval(count, runs) if runs else (0.0, 0.0)


def _bars(
    ax: Any,
    positions: Sequence[float],
    counts: Sequence[Sequence[int]],
    width: float,
    colour: str,
    label: str,
) -> Any:
    shares = [c / n if n else 0.0 for c, n in counts]
    intervals = [_interval(c, n) for c, n in counts]
    bars = ax.bar(positions, shares, width=width, color=colour, label=label, zorder=2)
    ax.errorbar(
        positions,
        shares,
        yerr=[
            [s - lo for s, (lo, _) in zip(shares, intervals)],
            [hi - s for s, (_, hi) in zip(shares, intervals)],
        ],
        fmt="none",
        ecolor=style.EMPHASIS,
        capsize=3,
        linewidth=0.9,
        zorder=3,
    )
    for x, share, (c, n), (_, high) in zip(positions, shares, counts, intervals):
        ax.annotate(
            f"{c}/{n}",
            (x, high),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    return bars


def draw_collapses(spec: FigureSpec) -> Any:
    payload = spec.payload
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    conditions = payload["conditions"]
    counts = list(zip(payload["collapsed"], payload["runs"]))
    _bars(ax, list(range(len(conditions))), counts, 0.6, style.colour(0), "collapsed")
    ticks, name = tick_labels(conditions)
    ax.set_xticks(range(len(conditions)), [style.short(t) for t in ticks])
    ax.set_xlabel(name)
    ax.set_ylabel("share of runs collapsed")
    ax.set_ylim(0, 1.08)
    return figure


def _heatmap(
    figure: Any,
    ax: Any,
    values: Sequence[Sequence[float | None]],
    texts: Sequence[Sequence[str]],
    rows: Sequence[str],
    columns: Sequence[str],
    colour_label: str,
    limits: tuple[float, float] | None = (0.0, 1.0),
) -> Any:
    import numpy as np

    array = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    masked = np.ma.masked_invalid(array)
    low, high = limits if limits is not None else (float(np.nanmin(array)), float(np.nanmax(array)))
    image = ax.imshow(
        masked, cmap=style.HEATMAP, vmin=low, vmax=high if high > low else low + 1, aspect="auto"
    )
    image.set_gid("heatmap")
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            value = array[r][c]
            dark = np.isfinite(value) and (value - low) / ((high - low) or 1) < 0.55
            ax.text(
                c, r, text, ha="center", va="center", fontsize=7, color="white" if dark else "black"
            )
    ax.set_xticks(range(len(columns)), [style.short(c) for c in columns])
    ax.set_yticks(range(len(rows)), [style.short(r) for r in rows])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    figure.colorbar(image, ax=ax, label=colour_label, shrink=0.9)
    return image


def draw_collapse_heatmap(spec: FigureSpec) -> Any:
    payload = spec.payload
    rows, columns = payload["rows"], payload["columns"]
    figure, axes = style.new_figure(spec, height=max(2.6, 0.45 * len(rows) + 1.4), row_labels=rows)
    ax = axes[0][0]
    grid = payload["grid"]
    values = [
        [None if cell is None or not cell[1] else cell[0] / cell[1] for cell in row] for row in grid
    ]
    texts = [["—" if cell is None else f"{cell[0]}/{cell[1]}" for cell in row] for row in grid]
    _heatmap(figure, ax, values, texts, rows, columns, "share of runs collapsed")
    ax.set_xlabel(payload["column_axis"])
    ax.set_ylabel(payload["row_axis"])
    return figure


def draw_reference(spec: FigureSpec) -> Any:
    payload = spec.payload
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    conditions = payload["conditions"]
    positions = list(range(len(conditions)))
    _bars(ax, [x - 0.2 for x in positions], payload["observed"], 0.38, style.colour(0), "observed")
    _bars(
        ax, [x + 0.2 for x in positions], payload["reference"], 0.38, style.colour(1), "reference"
    )
    for x, p in zip(positions, payload["p_values"]):
        ax.annotate(f"p = {format_p(p)}", (x, 1.0), ha="center", fontsize=7, va="bottom")
    ticks, name = tick_labels(conditions)
    ax.set_xticks(positions, [style.short(t) for t in ticks])
    ax.set_xlabel(name)
    ax.set_ylabel("share of runs collapsed")
    ax.set_ylim(0, 1.12)
    ax.legend(loc="upper right")
    return figure


def draw_family(spec: FigureSpec) -> Any:
    payload = spec.payload
    rows, columns = payload["rows"], payload["columns"]
    figure, axes = style.new_figure(spec, height=max(2.6, 0.4 * len(rows) + 1.4), row_labels=rows)
    ax = axes[0][0]
    grid = payload["grid"]
    values = [[c / n if n else None for c, n in row] for row in grid]
    texts = [[f"{c}/{n}" if n else "—" for c, n in row] for row in grid]
    _heatmap(figure, ax, values, texts, rows, columns, "share of runs collapsed")
    ticks, name = tick_labels(columns)
    ax.set_xticks(range(len(columns)), [style.short(t) for t in ticks])
    ax.set_xlabel(name)
    ax.set_ylabel("parameters")
    return figure


def draw_mechanism(spec: FigureSpec) -> Any:
    payload = spec.payload
    figure, axes = style.new_figure(
        spec, height=max(2.6, 0.5 * len(payload["y"]) + 1.4), row_labels=payload["y"]
    )
    ax = axes[0][0]
    texts = [
        ["—" if d is None else f"Δ {d:.2f}\n(p {format_p(p)})" for d, p in zip(row, p_row)]
        for row, p_row in zip(payload["delta"], payload["p_values"])
    ]
    largest = max((d for row in payload["delta"] for d in row if d is not None), default=0.0)
    _heatmap(
        figure,
        ax,
        payload["delta"],
        texts,
        payload["y"],
        payload["x"],
        "Δ share collapsed",
        limits=(0.0, max(0.1, largest)),  # small spreads stay visible; the scale says how small
    )
    ax.set_xlabel(payload["x_name"])
    ax.set_ylabel(payload["y_name"])
    ax.invert_yaxis()  # smallest value at the bottom, as on a plot
    return figure


def draw_pairs(spec: FigureSpec) -> Any:
    """@compare: each pair's difference (second − first) as a dot with its interval, zero and the
    equivalence margin as reference lines. Gids: ``difference:<label>``, ``interval:<label>``."""
    payload = spec.payload
    labels = payload["labels"]
    figure, axes = style.new_figure(
        spec, height=max(2.4, 0.45 * len(labels) + 1.4), row_labels=labels
    )
    ax = axes[0][0]
    for row, (label, value, interval, p) in enumerate(
        zip(labels, payload["differences"], payload["intervals"], payload["p_values"])
    ):
        if interval is not None and None not in interval:
            (line,) = ax.plot(interval, [row, row], color=style.colour(0), linewidth=2, zorder=2)
            line.set_gid(f"interval:{label}")
        if value is not None:
            (dot,) = ax.plot([value], [row], "o", color=style.EMPHASIS, zorder=3)
            dot.set_gid(f"difference:{label}")
            ax.annotate(
                f"p {format_p(p)}",
                (value, row),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
    ax.axvline(0.0, color=style.MUTED, linewidth=0.8)
    margin = payload.get("margin")
    if margin:
        for side in (-margin, margin):
            ax.axvline(side, color=style.EMPHASIS, linestyle="--", linewidth=0.8, gid="margin")
    ax.set_yticks(range(len(labels)), [style.short(label) for label in labels])
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.invert_yaxis()
    direction = f" ({payload['direction']})" if payload.get("direction") else ""
    ax.set_xlabel(f"difference in {payload['metric']}{direction}")
    ax.set_ylabel("pair")
    return figure
