"""Sources of variance: each source's share of a metric's variance as one stacked bar per metric
(random-effects ANOVA shares; their intervals are in the legend).

Gids tests read back: ``share:<metric>:<source>`` (one bar segment each).
"""

from __future__ import annotations

from typing import Any

from . import style
from .plan import FigureSpec


def draw_variance(spec: FigureSpec) -> Any:
    bars = spec.payload["bars"]
    figure, axes = style.new_figure(
        spec, height=max(2.4, 0.6 * len(bars) + 1.6), row_labels=[bar["metric"] for bar in bars]
    )
    ax = axes[0][0]
    sources = list(dict.fromkeys(s for bar in bars for s in bar["sources"]))
    labelled: set[str] = set()
    for row, bar in enumerate(bars):
        left = 0.0
        for source, share, interval in zip(bar["sources"], bar["shares"], bar["ci"]):
            low, high = interval
            label = None
            if source not in labelled:
                label = source + (
                    f" ({share:.0%}, CI {low:.0%}–{high:.0%})"
                    if len(bars) == 1 and low is not None and high is not None
                    else ""
                )
                labelled.add(source)
            patches = ax.barh(
                [row],
                [share],
                left=left,
                color=style.colour(sources.index(source)),
                edgecolor="white",
                label=label,
            )
            patches[0].set_gid(f"share:{bar['metric']}:{source}")
            if share >= 0.06:
                ax.text(
                    left + share / 2,
                    row,
                    f"{share:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white",
                )
            left += share
    ax.set_yticks(range(len(bars)), [bar["metric"] for bar in bars])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the metric's variance")
    ax.set_ylabel("metric")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=min(3, len(sources)))
    return figure
