"""The synthetic-vs-real ranking (Table 1 of the audited paper): each loss's metric on synthetic and
on real data, one line per loss joining its two means. Lines that cross are an inversion: the
synthetic benchmark ranks the losses the other way round.

Gids tests read back: ``runs:<loss>:<domain>`` (points, a marker-only line), ``mean:<loss>`` (the line through the
means, x = domain index).
"""

from __future__ import annotations

from typing import Any

from . import style
from .plan import FigureSpec
from .strip import jitter, mean_interval


def draw_ranking(spec: FigureSpec) -> Any:
    payload = spec.payload
    figure, axes = style.new_figure(spec)
    ax = axes[0][0]
    domains, losses = payload["domains"], payload["losses"]
    spread = 0.5 / max(1, len(losses))
    for number, loss in enumerate(losses):
        offset = (number - (len(losses) - 1) / 2) * spread
        means, xs = [], []
        for index, domain in enumerate(domains):
            values = payload["values"].get(domain, {}).get(loss, [])
            if not values:
                continue
            points_x = [index + offset + jitter(i, spread * 0.8) for i in range(len(values))]
            ax.plot(
                points_x,
                values,
                linestyle="none",
                marker="o",
                markersize=3,
                markeredgewidth=0,
                color=style.colour(number),
                alpha=0.35,
                zorder=2,
                gid=f"runs:{loss}:{domain}",
            )
            mean, low, high = mean_interval(values)
            ax.errorbar(
                [index + offset],
                [mean],
                yerr=[[mean - low], [high - mean]],
                fmt="none",
                ecolor=style.EMPHASIS,
                capsize=3,
                zorder=4,
            )
            means.append(mean)
            xs.append(index + offset)
        ax.plot(
            xs,
            means,
            marker="o",
            color=style.colour(number),
            markeredgecolor=style.EMPHASIS,
            linewidth=1.6,
            label=loss,
            zorder=5,
            gid=f"mean:{loss}",
        )
    ax.set_xticks(range(len(domains)), domains)
    ax.set_xlim(-0.6, len(domains) - 0.4)
    ax.set_xlabel("data")
    ax.set_ylabel(
        f"{payload['metric']} ({payload['direction']})"
        if payload["direction"]
        else payload["metric"]
    )
    ax.legend(title="loss", loc="best")
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.5)
    return figure
