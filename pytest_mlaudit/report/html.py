"""report.html: one self-contained page (figures embedded as data URIs, styles inline, no script,
nothing fetched: its Content-Security-Policy forbids any request) that opens offline.

`build(report, rendered)` lays out the same rows as report.md (`summary`) with each sweep's figures
beside its tables; `build_diff` shows two reports' runs side by side. Sections that conftests
added are markdown rendered with markdown-it-py (raw HTML shown as text; images only from the
page's own figures: ``![caption](figure:FIGURE-ID)``).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .figures.plan import FigureSpec
from .summary import (
    SweepSummary,
    anchor,
    counts,
    environment_rows,
    statistic_text,
    summaries,
)

# No request of any kind leaves the page: images only from data: URIs, styles only inline.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
MIME = {"svg": "image/svg+xml", "png": "image/png"}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.6rem 0}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;word-break:break-all}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:12.5px}
th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;font-weight:600;font-size:12px;color:#fff}
.pass{background:#0072B2}.FAIL{background:#D55E00}.warn{background:#8a6d00}.interrupted{background:#555}
figure{margin:1rem 0;padding:.5rem;border:1px solid #e3e3e3;border-radius:4px}
figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:12px;color:#333;margin-top:.3rem}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:.6rem}
details{margin:.3rem 0}summary{cursor:pointer}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:12px}
code{background:#f2f2f2;padding:0 .2rem}
.note{background:#fff4e0;border-left:4px solid #E69F00;padding:.4rem .7rem;margin:.6rem 0}
nav ol{columns:2;font-size:13px}
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def data_uri(files: Mapping[str, bytes]) -> tuple[str, str] | None:
    """(format, data URI) of a drawn figure, SVG preferred."""
    for fmt in ("svg", "png"):
        if fmt in files:
            return fmt, f"data:{MIME[fmt]};base64,{base64.b64encode(files[fmt]).decode('ascii')}"
    return None


def figure_html(spec: FigureSpec, files: Mapping[str, bytes], error: str | None = None) -> str:
    if error or not files:
        return f'<figure id="fig-{esc(spec.id)}" class="failed"><div class="note">{esc(error or "not drawn")}</div></figure>'
    found = data_uri(files)
    assert found is not None
    fmt, uri = found
    return (
        f'<figure id="fig-{esc(spec.id)}" data-kind="{esc(spec.kind)}">'
        f'<img src="{uri}" alt="{esc(spec.title)}: {esc(spec.caption)}">'
        f"<figcaption><b>{esc(spec.title)}</b>. {esc(spec.caption)}</figcaption></figure>"
    )


def table_html(
    header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = ()
) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{esc(v)}</td>' if i in numeric else f"<td>{esc(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def badge(verdict: str) -> str:
    return f'<span class="badge {esc(verdict)}">{esc(verdict)}</span>'


def _sweep_html(item: SweepSummary, figures: Sequence[str]) -> str:
    parts = [
        f'<section id="{anchor(item.index)}"><h2>{badge(item.verdict)} {esc(item.nodeid)}</h2>'
    ]
    facts = [f"{item.runs} runs"]
    if item.errors:
        facts.append(f"{item.errors} raised")
    if item.skipped:
        facts.append(f"{item.skipped} skipped")
    if item.seconds is not None:
        facts.append(f"{item.seconds:.1f} s")
    parts.append(f"<p>{esc(', '.join(facts))}</p>")
    if item.reproduce:
        parts.append(f"<p>Reproduce: <code>{esc(item.reproduce)}</code></p>")
    if item.rows:
        parts.append("<h3>Metrics by condition (mean ± sd [min, max])</h3>")
        parts.append(
            table_html(
                ["condition", "runs", "collapsed", *item.metrics],
                [
                    [
                        r["condition"],
                        r["runs"],
                        r["collapsed"],
                        *(r["metrics"][m] for m in item.metrics),
                    ]
                    for r in item.rows
                ],
                numeric=range(1, 3 + len(item.metrics)),
            )
        )
    if figures:
        parts.append('<div class="figures">' + "".join(figures) + "</div>")
    if item.checks:
        parts.append("<h3>Checks</h3>")
        parts.append(
            table_html(
                ["check", "condition", "test", "statistic", "p", "verdict"],
                [
                    [
                        c["name"],
                        c["condition"],
                        c["test"],
                        statistic_text(c["statistic"]),
                        c["p_value"],
                        c["verdict"],
                    ]
                    for c in item.checks
                ],
                numeric=(3, 4),
            )
        )
        for c in item.checks:
            where = f" ({c['condition']})" if c["condition"] else ""
            more = "".join(
                f"<p><b>{label}:</b> {esc(text)}</p>"
                for label, text in (("Assumptions", c["assumptions"]), ("Advice", c["advice"]))
                if text
            )
            parts.append(
                f"<details><summary>{badge(c['verdict'])} {esc(c['name'])}{esc(where)}</summary>"
                f"<pre>{esc(c['detail'])}</pre>{more}</details>"
            )
    parts.append("</section>")
    return "".join(parts)


def _markdown_html(text: str, images: Mapping[str, str]) -> str:
    """Markdown (CommonMark + tables) as HTML: raw HTML escaped, images only ``figure:ID``."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = renderer.parse(text)
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                source = str(child.attrGet("src") or "")
                target = (
                    images.get(source[len("figure:") :]) if source.startswith("figure:") else None
                )
                if target is None:  # nothing outside the page is ever fetched
                    child.type, child.tag, child.children = "text", "", None
                    child.content = f"[image not embedded: {source}]"
                else:
                    child.attrSet("src", target)
    return renderer.renderer.render(tokens, renderer.options, {})


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def build(
    report: Mapping[str, Any],
    rendered: Sequence[Any] = (),
    notes: Sequence[str] = (),
    title: str = "mlaudit report",
) -> str:
    """The page. `rendered`: `figures.drawing.Rendered` items (spec, files, error); `notes`: lines
    shown at the top (e.g. the missing plots extra)."""
    items = summaries(report)
    by_sweep: dict[int | None, list[str]] = {}
    images: dict[str, str] = {}
    for item in rendered:
        by_sweep.setdefault(item.spec.sweep, []).append(
            figure_html(item.spec, item.files, item.error)
        )
        found = data_uri(item.files) if item.files else None
        if found is not None:
            images[item.spec.id] = found[1]
    total = counts(items)
    parts = [f"<h1>{esc(title)}</h1>"]
    summary_line = f"{total['sweeps']} sweep(s), {total['failed']} failed, {total['runs']} runs"
    if total["errors"]:
        summary_line += f", {total['errors']} runs raised"
    parts.append(f"<p>{esc(summary_line)}</p>")
    if report.get("interrupted") or total["interrupted"]:
        parts.append(
            '<p class="note">The run was interrupted: the tables hold the runs completed so far.</p>'
        )
    parts += [f'<p class="note">{esc(note)}</p>' for note in notes]
    if items:
        parts.append(
            "<table><thead><tr><th>test</th><th>verdict</th><th>runs</th><th>failed checks</th><th>warnings</th></tr></thead><tbody>"
            + "".join(
                f'<tr><td><a href="#{anchor(s.index)}">{esc(s.nodeid)}</a></td><td>{badge(s.verdict)}</td>'
                f'<td class="num">{s.runs}</td><td class="num">{s.failed_checks}</td><td class="num">{s.warnings}</td></tr>'
                for s in items
            )
            + "</tbody></table>"
        )
    else:
        parts.append("<p>No sweep ran (were the tests run with <code>--mlaudit</code>?).</p>")
    for item in items:
        parts.append(_sweep_html(item, by_sweep.get(item.index, [])))
    if by_sweep.get(None):
        parts.append('<section id="families"><h2>Sweeps of one test under pytest parameters</h2>')
        parts.append('<div class="figures">' + "".join(by_sweep[None]) + "</div></section>")
    for number, section in enumerate(report.get("sections") or []):
        parts.append(
            f'<section id="section-{number + 1}" class="added"><h2>{esc(section["title"])}</h2>'
            f"{_markdown_html(section['markdown'], images)}</section>"
        )
    environment = environment_rows(report.get("environment"))
    if environment:
        parts.append(
            '<section id="environment"><h2>Environment</h2>'
            + table_html(["key", "value"], environment)
            + "</section>"
        )
    return page(title, "".join(parts))


def build_diff(
    report_a: Mapping[str, Any],
    report_b: Mapping[str, Any],
    names: tuple[str, str],
    rendered: Sequence[Any],
    differences: Sequence[tuple[str, str, str]],
    verdict: str,
    notes: Sequence[str] = (),
) -> str:
    """Two builds side by side: the diff's verdict, environment differences, then per shared
    sweep and metric both reports' runs in one figure."""
    parts = [
        f"<h1>mlaudit diff: {esc(names[0])} vs {esc(names[1])}</h1>",
        f"<p>{badge(verdict)}</p>",
    ]
    parts += [f'<p class="note">{esc(note)}</p>' for note in notes]
    if differences:
        parts.append("<h2>Environment differences</h2>")
        parts.append(table_html(["key", names[0], names[1]], differences))
    by_sweep: dict[str, list[str]] = {}
    for item in rendered:
        by_sweep.setdefault(item.spec.nodeid, []).append(
            figure_html(item.spec, item.files, item.error)
        )
    for number, (nodeid, figures) in enumerate(by_sweep.items()):
        parts.append(
            f'<section id="sweep-{number + 1}"><h2>{esc(nodeid)}</h2><div class="figures">{"".join(figures)}</div></section>'
        )
    if not by_sweep:
        parts.append("<p>The two reports share no sweep with finished runs.</p>")
    return page(f"mlaudit diff {names[0]} vs {names[1]}", "".join(parts))
