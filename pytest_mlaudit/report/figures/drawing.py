"""Figure specs to PNG/SVG bytes: one drawer per kind, each figure drawn once and saved in every
format asked for. A figure that fails to draw is reported (its error), never the whole report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import builds, counts, ranking, strip, style, variance
from .plan import FigureSpec

DRAWERS: dict[str, Callable[[FigureSpec], Any]] = {
    "strip": strip.draw_strip,
    "strip_diff": strip.draw_strip_diff,
    "collapses": counts.draw_collapses,
    "collapse_heatmap": counts.draw_collapse_heatmap,
    "reference": counts.draw_reference,
    "family": counts.draw_family,
    "mechanism": counts.draw_mechanism,
    "pairs": counts.draw_pairs,
    "ranking": ranking.draw_ranking,
    "sine": builds.draw_sine,
    "agreement": builds.draw_agreement,
    "variance": variance.draw_variance,
}


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A drawn figure: `files` maps format to bytes; `error` (one line) when drawing failed."""

    spec: FigureSpec
    files: dict[str, bytes]
    error: str | None = None


def draw(spec: FigureSpec) -> Any:
    """The matplotlib Figure of a spec (Agg; nothing is shown)."""
    try:
        drawer = DRAWERS[spec.kind]
    except KeyError:
        raise ValueError(
            f"no drawer for figure kind {spec.kind!r} (known: {sorted(DRAWERS)})"
        ) from None
    with style.settings():
        return drawer(spec)


def render(specs: Iterable[FigureSpec], formats: Sequence[str] = ("svg",)) -> list[Rendered]:
    """Every spec drawn and saved in `formats`; PlotsUnavailable (one line naming the extra)
    when matplotlib is missing."""
    style.require()
    out = []
    for spec in specs:
        try:
            figure = draw(spec)
            files = {fmt: style.to_bytes(figure, fmt) for fmt in formats}
        except style.PlotsUnavailable:
            raise
        except Exception as error:  # one broken figure must not cost the report
            message = f"{type(error).__name__}: {error}".splitlines()[0]
            out.append(Rendered(spec, {}, f"figure {spec.id} could not be drawn: {message}"))
            continue
        out.append(Rendered(spec, files))
    return out
