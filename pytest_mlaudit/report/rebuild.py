"""`mlaudit report` and `mlaudit diff --html`: pages and figures from saved reports.

As for the plugin's report files: an output file that exists is kept unless `--overwrite` is
given, and even then replaced only when mlaudit wrote it (its marker, see `sidecars`), so a page
the user had is never lost. Every problem is one line on stderr; exit 2.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import file, sidecars
from . import html as html_page


def output_problem(path: str | Path, overwrite: bool = False) -> str | None:
    """Why a page cannot be written to `path` (one line), or None."""
    target = Path(path)
    if target.is_dir():
        return f"{path}: is a directory; give a file name such as {target / 'report.html'}"
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                return f"{path}: {folder} is a file, not a folder"
            break
    if target.exists() and not sidecars.is_sidecar(target):
        return f"{path}: exists and was not written by mlaudit; refusing to overwrite it"
    if target.exists() and not overwrite:
        return f"{path}: a file mlaudit wrote is there already and is kept; add --overwrite to replace it"
    return None


def _fail(message: str) -> int:
    print(f"mlaudit report: {message}", file=sys.stderr)
    return 2


def rebuild(
    report_path: str,
    html: str | None,
    markdown: str | None,
    figures: str | None,
    mlflow: str | None,
    overwrite: bool = False,
) -> int:
    from .schema import ReportError, load

    for target in (html, markdown):
        problem = output_problem(target, overwrite) if target else None
        if problem:
            return _fail(problem)
    if figures and Path(figures).exists() and not Path(figures).is_dir():
        return _fail(f"{figures}: is a file, not a folder")
    if mlflow is not None:
        from .mlflow_export import store_problem

        problem = store_problem(mlflow, "--mlflow")
        if problem:
            return _fail(problem)
    try:
        report = load(report_path)
    except ReportError as error:
        return _fail(str(error))
    if figures:
        from .figures import MISSING, available

        if not available():
            return _fail(MISSING)
    if not (html or markdown or figures or mlflow is not None):
        sys.stdout.write(sidecars.markdown_text(report))
        return 0
    notes: list[str] = []
    if markdown:
        file.write_text(markdown, sidecars.markdown_text(report))
        print(f"wrote {markdown}")
    rendered: list[Any] = []
    if html:
        rendered, notes = sidecars.render_figures(report, ("svg",))
        file.write_text(html, sidecars.html_text(report, rendered, notes))
        print(f"wrote {html}")
    if figures:
        written, more = sidecars.write_figures(report, figures)
        notes += [n for n in more if n not in notes]
        print(f"wrote {len(written)} figure files to {figures}")
    if mlflow is not None:
        from . import mlflow_export

        drawn, more = sidecars.render_figures(report, ("png", "svg"))
        notes += [n for n in more if n not in notes]
        done = mlflow_export.export(report, mlflow, mlflow_export.figures_by_sweep(drawn, report))
        print(
            f"logged {len(done['parents'])} sweep run(s), {done['children']} cell run(s) to {done['uri']}"
        )
    for note in notes:
        print(f"mlaudit report: {note}", file=sys.stderr)
    return 0


def write_diff_page(
    report_a: Mapping[str, Any], report_b: Mapping[str, Any], result: Any, path: str
) -> list[str]:
    """The two builds side by side as one page; returns notes (a missing plots extra...)."""
    from . import figures
    from .figures.plan import plan_diff

    names = (str(result.name_a), str(result.name_b))
    notes: list[str] = []
    rendered: list[Any] = []
    if figures.available():
        rendered = figures.render(plan_diff(report_a, report_b, names), ("svg",))
        notes += [r.error for r in rendered if r.error]
    else:
        notes.append(figures.MISSING)
    differences = [(key, str(a), str(b)) for key, a, b in result.environment]
    page = html_page.build_diff(
        report_a,
        report_b,
        names,
        rendered,
        differences,
        "pass" if result.passed else "FAIL",
        notes=[
            *notes,
            *(f"limit exceeded: {v}" for v in result.violations[:20]),
            *(
                [f"… and {len(result.violations) - 20} more (see the terminal output)"]
                if len(result.violations) > 20
                else []
            ),
        ],
    )
    file.write_text(
        path,
        page.replace("<head>", f'<head><meta name="generator" content="{sidecars.MARKER}">', 1),
    )
    return notes
