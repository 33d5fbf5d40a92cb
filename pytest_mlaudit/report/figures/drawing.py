"""Figure specs to PNG/SVG bytes: one drawer per kind, each figure drawn once and saved in every
format asked for. A figure that fails to draw is reported (its error), never the whole report.

Many figures are drawn in worker processes on the idle cores (the figures come at the end of the
session, when the trainings have finished): matplotlib draws one figure at a time per process.
MLAUDIT_FIGURE_WORKERS=N sets the number (1: draw here).
"""

from __future__ import annotations

import dataclasses
import os
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


# A worker starts a fresh interpreter and imports matplotlib (about a second): below this many
# figures per worker, drawing them here is faster.
FIGURES_PER_WORKER = 16
WORKERS_VARIABLE = "MLAUDIT_FIGURE_WORKERS"


def render_one(spec: FigureSpec, formats: Sequence[str]) -> Rendered:
    try:
        figure = draw(spec)
        files = {fmt: style.to_bytes(figure, fmt) for fmt in formats}
    except style.PlotsUnavailable:
        raise
    except Exception as error:  # one broken figure must not cost the report
        message = f"{type(error).__name__}: {error}".splitlines()[0]
        return Rendered(spec, {}, f"figure {spec.id} could not be drawn: {message}")
    return Rendered(spec, files)


def _render_chunk(specs: Sequence[FigureSpec], formats: Sequence[str]) -> list[Rendered]:
    return [render_one(spec, formats) for spec in specs]


def worker_count(figures: int) -> int:
    """How many processes draw `figures` figures: MLAUDIT_FIGURE_WORKERS, else one per idle core
    (usable cores minus the 1-minute load average), no more than keeps FIGURES_PER_WORKER each."""
    given = os.environ.get(WORKERS_VARIABLE, "").strip()
    if given:
        try:
            return max(1, int(given))
        except ValueError:
            raise ValueError(f"{WORKERS_VARIABLE}={given!r}: expected a whole number") from None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    try:  # cores other work keeps busy are no help (measured: slower than one process)
        idle = cores - int(os.getloadavg()[0])
    except OSError:
        idle = cores
    return max(1, min(idle, figures // FIGURES_PER_WORKER))


def _render_parallel(
    specs: Sequence[FigureSpec], formats: Sequence[str], workers: int
) -> list[Rendered]:
    """Draw in `workers` fresh interpreters (`figures.worker`), specs and figures as JSON on their
    pipes. Not multiprocessing: its spawn re-runs the caller's main script in every worker (a
    script that calls pytest.main unguarded would run its tests again), and fork copies the
    session's threads (torch, Ray) mid-step."""
    import base64
    import dataclasses
    import json
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    chunks = [list(specs[i::workers]) for i in range(workers)]
    environment = {**os.environ, WORKERS_VARIABLE: "1"}
    environment["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)

    def run(chunk: list[FigureSpec]) -> list[dict]:
        request = json.dumps(
            {"formats": list(formats), "specs": [dataclasses.asdict(s) for s in chunk]}
        )
        done = subprocess.run(
            [sys.executable, "-m", "pytest_mlaudit.report.figures.worker"],
            input=request.encode(),
            capture_output=True,
            env=environment,
            check=True,
        )
        return json.loads(done.stdout)

    with ThreadPoolExecutor(workers) as pool:
        answers = [item for chunk in pool.map(run, chunks) for item in chunk]
    by_id = {
        answer["id"]: {fmt: base64.b64decode(data) for fmt, data in answer["files"].items()}
        for answer in answers
    }
    errors = {answer["id"]: answer["error"] for answer in answers}
    return [Rendered(spec, by_id[spec.id], errors[spec.id]) for spec in specs]


def render(specs: Iterable[FigureSpec], formats: Sequence[str] = ("svg",)) -> list[Rendered]:
    """Every spec drawn and saved in `formats`, in order; PlotsUnavailable (one line naming the
    extra) when matplotlib is missing."""
    style.require()
    specs = list(specs)
    workers = min(worker_count(len(specs)), len(specs))
    if workers > 1 and len({spec.id for spec in specs}) == len(specs):
        try:
            return _render_parallel(specs, formats, workers)
        except (
            Exception
        ):  # workers that cannot start or answer (a sandbox, a frozen app): draw here
            pass
    return _render_chunk(specs, formats)
