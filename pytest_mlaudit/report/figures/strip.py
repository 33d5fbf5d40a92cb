"""Per-run values by condition: every run a point, the mean with its 95 % CI beside, and a line
joining the runs of one seed where conditions are paired (the same training under two settings).

Artists carry gids that tests read back: ``runs:<condition>`` (the points, a marker-only line),
``collapsed:runs:<condition>`` (collapsed runs, hollow), ``mean:<condition>`` and
``ci:<condition>`` (mean marker and interval), ``pairs`` (the seed lines, one NaN-broken line:
`pair_segments` splits it), ``build:<name>:<condition>`` in the two-report version.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from . import style
from .plan import FigureSpec


def mean_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its two-sided t interval (the mean itself at both ends for one value)."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, mean, mean
    from scipy.stats import t

    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def jitter(rank: int, width: float = 0.5) -> float:
    """A spread-out offset in [-width/2, width/2) for the rank-th seed (golden-ratio sequence):
    deterministic, and the same seed gets the same offset under every condition."""
    return ((rank * 0.6180339887498949) % 1.0 - 0.5) * width


def tick_labels(conditions: Sequence[str]) -> tuple[list[str], str]:
    """Tick labels and the axis label: 'fp32' under 'precision' when one axis varies."""
    split = [c.split("=", 1) for c in conditions]
    names = {parts[0] for parts in split if len(parts) == 2}
    if len(names) == 1 and all(
        len(parts) == 2 and ", " not in c for parts, c in zip(split, conditions)
    ):
        return [parts[1] for parts in split], names.pop()
    return list(conditions), "condition"


def _seed_ranks(points: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    seeds = list(dict.fromkeys(repr(p["seed"]) for p in points))
    return {seed: rank for rank, seed in enumerate(seeds)}


def _draw_points(
    ax: Any,
    points: Sequence[Mapping[str, Any]],
    conditions: Sequence[str],
    offset: float,
    width: float,
    colours: Sequence[str],
    gid: str,
) -> dict[str, list[tuple[float, float]]]:
    ranks = _seed_ranks(points)
    placed: dict[str, list[tuple[float, float]]] = {}
    for index, condition in enumerate(conditions):
        mine = [p for p in points if p["condition"] == condition]
        if not mine:
            continue
        xs = [index + offset + jitter(ranks[repr(p["seed"])], width) for p in mine]
        ys = [p["value"] for p in mine]
        collapsed = [bool(p.get("collapsed")) for p in mine]
        # Line2D markers, not a scatter: one style for all of them, which SVG writes once (a
        # scatter writes a style per point, several times slower for hundreds of runs).
        ax.plot(
            [x for x, c in zip(xs, collapsed) if not c],
            [y for y, c in zip(ys, collapsed) if not c],
            linestyle="none",
            marker="o",
            markersize=3.8,
            color=colours[index],
            markeredgewidth=0.6,
            alpha=0.75,
            zorder=3,
            gid=f"{gid}:{condition}",
        )
        if any(collapsed):
            ax.plot(
                [x for x, c in zip(xs, collapsed) if c],
                [y for y, c in zip(ys, collapsed) if c],
                linestyle="none",
                marker="o",
                markersize=3.8,
                markerfacecolor="none",
                markeredgecolor=style.EMPHASIS,
                markeredgewidth=0.7,
                zorder=3,
                gid=f"collapsed:{gid}:{condition}",
            )
        placed[condition] = [(x, y) for x, y in zip(xs, ys)]
        for p, x, y in zip(mine, xs, ys):
            placed.setdefault(f"seed:{p['seed']!r}:{condition}", []).append((x, y))
        mean, low, high = mean_interval(ys)
        container = ax.errorbar(
            [index + offset + width / 2 + 0.08],
            [mean],
            yerr=[[mean - low], [high - mean]],
            fmt="o",
            color=style.EMPHASIS,
            markersize=4,
            capsize=3,
            linewidth=1.2,
            zorder=4,
        )
        container.lines[0].set_gid(
            f"mean:{condition}" if gid == "runs" else f"mean:{gid}:{condition}"
        )
        container.lines[2][0].set_gid(
            f"ci:{condition}" if gid == "runs" else f"ci:{gid}:{condition}"
        )
    return placed


def _pair_lines(
    ax: Any, payload: Mapping[str, Any], placed: Mapping[str, list[tuple[float, float]]]
) -> None:
    """One path through every seed's pair of points, broken by NaN: SVG writes it once."""
    xs: list[float] = []
    ys: list[float] = []
    seeds = list(dict.fromkeys(repr(p["seed"]) for p in payload["points"] if p["seed"] is not None))
    for members in payload.get("pair_groups", []):
        for seed in seeds:
            chain = [placed.get(f"seed:{seed}:{c}") for c in members]
            for left, right in zip(chain, chain[1:]):
                if left and right:
                    xs += [left[0][0], right[0][0], float("nan")]
                    ys += [left[0][1], right[0][1], float("nan")]
    if xs:
        ax.plot(xs, ys, color=style.MUTED, linewidth=0.5, alpha=0.35, zorder=2, gid="pairs")


def pair_segments(line: Any) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The (left, right) point pairs a `pairs` line joins (NaN breaks between them)."""
    import math

    points = list(zip(line.get_xdata(), line.get_ydata()))
    return [
        ((float(a[0]), float(a[1])), (float(b[0]), float(b[1])))
        for a, b in zip(points[0::3], points[1::3])
        if not math.isnan(a[0])
    ]


def _finish(ax: Any, conditions: Sequence[str], metric: str, direction: str) -> None:
    ticks, name = tick_labels(conditions)
    ax.set_xticks(range(len(conditions)), [style.short(t) for t in ticks])
    ax.set_xlim(-0.6, len(conditions) - 0.4)
    ax.set_xlabel(name)
    ax.set_ylabel(f"{metric} ({direction})" if direction else metric)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.5)


def draw_strip(spec: FigureSpec) -> Any:
    payload = spec.payload
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    conditions = payload["conditions"]
    colours = [style.colour(i) for i in range(len(conditions))]
    placed = _draw_points(ax, payload["points"], conditions, 0.0, 0.5, colours, "runs")
    _pair_lines(ax, payload, placed)
    if any(p.get("collapsed") for p in payload["points"]):
        ax.scatter(
            [], [], s=14, facecolors="none", edgecolors=style.EMPHASIS, label="collapsed run"
        )
        ax.legend(loc="best")
    _finish(ax, conditions, payload["metric"], payload["direction"])
    return figure


def draw_strip_diff(spec: FigureSpec) -> Any:
    """Two reports' runs side by side per condition: A left, B right, one colour each."""
    payload = spec.payload
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    conditions = payload["conditions"]
    for number, (name, points) in enumerate(payload["builds"]):
        colours = [style.colour(number)] * len(conditions)
        _draw_points(
            ax, points, conditions, -0.2 + 0.4 * number - 0.15, 0.3, colours, f"build:{name}"
        )
        ax.plot([], [], linestyle="none", marker="o", color=style.colour(number), label=name)
    ax.legend(loc="best")
    _finish(ax, conditions, payload["metric"], payload["direction"])
    return figure
