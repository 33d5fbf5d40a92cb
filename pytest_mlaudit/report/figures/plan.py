"""Which figures a report gets, and the numbers each one draws: pure standard library.

`plan(report)` reads a report (the dict `report.schema` writes) and returns one `FigureSpec` per
figure, each with the exact values its drawer puts on the page (`payload`). Drawers
(`figures.draw`) only lay those values out, so tests compare what is drawn with the report.

Per sweep and per metric a run record carries:

- ``strip``: the metric per run by condition (mean and 95 % CI drawn over them), runs that share a
  seed joined by a line where conditions are paired;
- ``collapses``: collapse counts per condition (bars), or a heatmap when the sweep has two
  condition axes;
- ``reference``: observed against reference collapse counts (checks with "reference_counts" data);
- ``ranking``: the losses' metric on synthetic and real data (checks with "loss_ranking" data);
- ``sine``: vector sine against training step per build pair ("vector_sine" data);
- ``agreement``: the share of reportable calls two builds agree on (runs with per-case calls);
- ``variance``: each source's share of the variance, stacked ("variance_share" data);
- ``pairs``: @compare's difference per pair of conditions with its interval ("pairs" data);

and per family (the sweeps of one test function under pytest parameters, as the paper's Finding 2
runs one sweep per mixture cell): ``family``, the collapse counts per parameter set and condition
as a heatmap, and ``mechanism``, the spread of the collapse rate across conditions over the two
parameters as a heatmap when the parameter ids read as two ``name=value`` pairs.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Which side is better, for reports that do not say: a sweep record says it for every metric its
# runs carry in "metrics" ({name: "higher" | "lower"}), and names its primary metric in "metric".
LOWER_IS_BETTER = frozenset({"brier", "ece", "log_loss", "mse", "rmse", "mae"})
HIGHER_IS_BETTER = frozenset({"f1", "auroc", "auprc", "accuracy", "balanced_accuracy", "r2", "mcc"})
# The metric drawn first when a run carries it.
PRIMARY = ("f1", "auroc", "auprc")


@dataclasses.dataclass(frozen=True)
class FigureSpec:
    """One figure: `id` is unique in the report and safe as a file name; `nodeid` the test id in
    its title; `caption` names the test and p-value behind it; `payload` the values it draws."""

    id: str
    kind: str
    nodeid: str
    title: str
    caption: str
    payload: dict[str, Any]
    sweep: int | None = None  # index into report["sweeps"]; None for a family figure


def slug(text: str, limit: int = 160) -> str:
    """A file-name-safe form of a test id (unique enough with its kind appended)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.=-]+", "_", text).strip("_.")
    if len(cleaned) > limit:
        import hashlib

        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        cleaned = f"{cleaned[: limit - 9]}_{digest}"
    return cleaned or "sweep"


def format_p(value: Any) -> str:
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    return f"{value:.2g}" if value >= 1e-3 else f"{value:.2e}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def ok_runs(sweep: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Runs that finished: no error, not skipped."""
    return [
        r
        for r in sweep.get("runs", [])
        if isinstance(r, Mapping) and r.get("error") is None and not r.get("skipped")
    ]


def condition_label(run: Mapping[str, Any]) -> str:
    label = run.get("condition_label")
    if isinstance(label, str):
        return label
    condition = run.get("condition")
    if isinstance(condition, Mapping):
        return ", ".join(f"{k}={v}" for k, v in condition.items()) or "all"
    return "all"


def condition_items(run: Mapping[str, Any]) -> list[tuple[str, str]]:
    condition = run.get("condition")
    if isinstance(condition, Mapping):
        return [(str(k), str(v)) for k, v in condition.items()]
    return []


def metric_names(sweep: Mapping[str, Any]) -> list[str]:
    """The metrics any finished run carries a finite number for: primary ones first, then the
    sweep's own order."""
    seen: dict[str, None] = {}
    for run in ok_runs(sweep):
        for name, value in (run.get("metrics") or {}).items():
            if _number(value) is not None:
                seen.setdefault(str(name), None)
    primary = sweep.get("metric")
    order = [primary] if isinstance(primary, str) else []
    order += [m for m in PRIMARY if m not in order]
    first = [m for m in order if m in seen]
    return first + [m for m in seen if m not in first]


def direction(sweep: Mapping[str, Any], metric: str) -> str:
    """'lower is better', 'higher is better', or '' for a metric with no better side (a rate),
    as the sweep's "metrics" field says, else from the built-in names."""
    declared = sweep.get("metrics")
    if isinstance(declared, Mapping) and metric in declared:
        side = declared[metric]
        return f"{side} is better" if side in ("higher", "lower") else ""
    if metric in LOWER_IS_BETTER:
        return "lower is better"
    return "higher is better" if metric in HIGHER_IS_BETTER else ""


def _checks_with_p(checks: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [c for c in checks if _number(c.get("p_value")) is not None]


def _caption(checks: Sequence[Mapping[str, Any]], default: str) -> str:
    """'name (condition): test, statistic s, p = p (pass)' for each check, or `default`."""
    parts = []
    for check in checks:
        where = f" ({check['condition']})" if check.get("condition") else ""
        statistic = _number(check.get("statistic"))
        stat = "" if statistic is None else f", statistic {statistic:.3g}"
        verdict = "pass" if check.get("passed") else "FAIL"
        if not check.get("passed") and check.get("severity") == "warning":
            verdict = "warn"
        parts.append(
            f"{check.get('name')}{where}: {check.get('test')}{stat}, p = {format_p(check.get('p_value'))} ({verdict})"
        )
    return "; ".join(parts) if parts else default


def _mentions(check: Mapping[str, Any], metric: str) -> bool:
    """Whether a check is about `metric` (its name, test or detail names it as a word)."""
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(metric)}(?![A-Za-z0-9_])", re.IGNORECASE)
    text = " ".join(str(check.get(k) or "") for k in ("name", "test", "detail"))
    data = check.get("data")
    if isinstance(data, Mapping) and data.get("metric") == metric:
        return True
    return bool(pattern.search(text))


def _ordered(labels: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(labels))


# -- per sweep -----------------------------------------------------------------------------------
def _strip(index: int, sweep: Mapping[str, Any], metric: str) -> FigureSpec | None:
    runs = [r for r in ok_runs(sweep) if _number((r.get("metrics") or {}).get(metric)) is not None]
    if not runs:
        return None
    conditions = _ordered(condition_label(r) for r in runs)
    points: list[dict[str, Any]] = [
        {
            "condition": condition_label(r),
            "seed": r.get("seed"),
            "value": float(r["metrics"][metric]),
            "collapsed": bool(r.get("collapsed")),
        }
        for r in runs
    ]
    # Pairing groups: conditions that differ only in the innermost condition axis. A seed's runs
    # are joined within a group (the comparison the paired checks make).
    groups: dict[tuple, list[str]] = {}
    for r in runs:
        items = condition_items(r)
        groups.setdefault(tuple(items[:-1]), [])
        if condition_label(r) not in groups[tuple(items[:-1])]:
            groups[tuple(items[:-1])].append(condition_label(r))
    seeds_by_condition: dict[str, set] = {}
    for point in points:
        if point["seed"] is not None:
            seeds_by_condition.setdefault(point["condition"], set()).add(repr(point["seed"]))
    paired = any(
        len(members) > 1
        and any(
            seeds_by_condition.get(a, set()) & seeds_by_condition.get(b, set())
            for a, b in zip(members, members[1:])
        )
        for members in groups.values()
    )
    checks = [c for c in _checks_with_p(sweep.get("checks", [])) if _mentions(c, metric)]
    nodeid = str(sweep.get("nodeid"))
    return FigureSpec(
        id=f"{slug(nodeid)}--strip-{slug(metric)}",
        kind="strip",
        nodeid=nodeid,
        title=f"{metric} per run by condition",
        caption=_caption(checks, f"{len(runs)} runs; no test of {metric} in this sweep")
        + ". Points: runs; bar: mean and 95 % CI (t)"
        + ("; lines join runs with the same seed" if paired else ""),
        payload={
            "metric": metric,
            "direction": direction(sweep, metric),
            "conditions": conditions,
            "points": points,
            "pair_groups": [members for members in groups.values() if len(members) > 1]
            if paired
            else [],
        },
        sweep=index,
    )


def _collapses(index: int, sweep: Mapping[str, Any]) -> FigureSpec | None:
    runs = ok_runs(sweep)
    collapse_checks = [c for c in sweep.get("checks", []) if "collapse" in str(c.get("name"))]
    if not runs or not (collapse_checks or any(r.get("collapsed") for r in runs)):
        return None
    conditions = _ordered(condition_label(r) for r in runs)
    counts = {c: [0, 0] for c in conditions}
    for r in runs:
        counts[condition_label(r)][0] += bool(r.get("collapsed"))
        counts[condition_label(r)][1] += 1
    nodeid = str(sweep.get("nodeid"))
    caption = _caption(
        [c for c in collapse_checks if "reference" not in str(c.get("name"))],
        "no test of collapse counts in this sweep",
    )
    payload: dict[str, Any] = {
        "conditions": conditions,
        "collapsed": [counts[c][0] for c in conditions],
        "runs": [counts[c][1] for c in conditions],
    }
    axes = _ordered(k for r in runs for k, _ in condition_items(r))
    kind = "collapses"
    if len(axes) == 2 and all(len(condition_items(r)) == 2 for r in runs):
        rows = _ordered(dict(condition_items(r))[axes[0]] for r in runs)
        columns = _ordered(dict(condition_items(r))[axes[1]] for r in runs)
        grid: list[list[list[int] | None]] = [[None] * len(columns) for _ in rows]
        for label in conditions:
            run = next(r for r in runs if condition_label(r) == label)
            items = dict(condition_items(run))
            grid[rows.index(items[axes[0]])][columns.index(items[axes[1]])] = counts[label]
        payload.update(row_axis=axes[0], column_axis=axes[1], rows=rows, columns=columns, grid=grid)
        kind = "collapse_heatmap"
    return FigureSpec(
        id=f"{slug(nodeid)}--{kind}",
        kind=kind,
        nodeid=nodeid,
        title="collapsed runs by condition",
        caption=caption
        + ". Collapse: Eq. 3 (no positive prediction, or a non-finite loss)"
        + ("; bars: 95 % Clopper-Pearson interval" if kind == "collapses" else ""),
        payload=payload,
        sweep=index,
    )


def _data_checks(sweep: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    return [
        c
        for c in sweep.get("checks", [])
        if isinstance(c.get("data"), Mapping) and c["data"].get("kind") == kind
    ]


def _reference(index: int, sweep: Mapping[str, Any]) -> FigureSpec | None:
    checks = _data_checks(sweep, "reference_counts")
    if not checks:
        return None
    nodeid = str(sweep.get("nodeid"))
    return FigureSpec(
        id=f"{slug(nodeid)}--reference",
        kind="reference",
        nodeid=nodeid,
        title="collapses: observed against the reference counts",
        caption=_caption(checks, "") + ". Bars: share of runs collapsed, 95 % Clopper-Pearson",
        payload={
            "conditions": [c.get("condition") or "all" for c in checks],
            "observed": [list(c["data"]["observed"]) for c in checks],
            "reference": [list(c["data"]["reference"]) for c in checks],
            "p_values": [_number(c.get("p_value")) for c in checks],
        },
        sweep=index,
    )


def _ranking(index: int, sweep: Mapping[str, Any]) -> list[FigureSpec]:
    figures = []
    for number, check in enumerate(_data_checks(sweep, "loss_ranking")):
        data = check["data"]
        metric, loss_axis, domain_axis = data["metric"], data["loss_axis"], data["domain_axis"]
        values: dict[str, dict[str, list[float]]] = {d: {} for d in data["domains"]}
        for run in ok_runs(sweep):
            if check.get("condition") and not _in_condition(run, check["condition"]):
                continue
            items = dict(condition_items(run))
            value = _number((run.get("metrics") or {}).get(metric))
            if value is None or items.get(domain_axis) not in values:
                continue
            values[items[domain_axis]].setdefault(items.get(loss_axis, ""), []).append(value)
        nodeid = str(sweep.get("nodeid"))
        suffix = f"-{number}" if number else ""
        figures.append(
            FigureSpec(
                id=f"{slug(nodeid)}--ranking{suffix}",
                kind="ranking",
                nodeid=nodeid,
                title=f"{metric} by loss: synthetic against real"
                + (f" ({check['condition']})" if check.get("condition") else ""),
                caption=_caption([check], "")
                + ". Verdicts: "
                + "; ".join(f"{b} vs {a}: {v}" for a, b, v in data.get("verdicts", []))
                + ". Points: runs; bar: mean and 95 % CI (t); crossing lines are an inversion",
                payload={
                    "metric": metric,
                    "direction": direction(sweep, metric),
                    "losses": list(data["losses"]),
                    "domains": list(data["domains"]),
                    "values": values,
                    "verdicts": [list(v) for v in data.get("verdicts", [])],
                },
                sweep=index,
            )
        )
    return figures


def _in_condition(run: Mapping[str, Any], label: str) -> bool:
    """Whether the run's condition holds every `name=value` of a check's condition label."""
    items = dict(condition_items(run))
    for part in label.split(", "):
        name, sep, value = part.partition("=")
        if sep and items.get(name) != value:
            return False
    return True


def _sine(index: int, sweep: Mapping[str, Any]) -> FigureSpec | None:
    checks = [c for c in _data_checks(sweep, "vector_sine") if c["data"].get("steps")]
    if not checks:
        return None
    nodeid = str(sweep.get("nodeid"))
    pairs = [
        {
            "label": f"{c['data']['build']} vs {c['data']['reference']}",
            "steps": list(c["data"]["steps"]),
            "sine": [_number(s) for s in c["data"]["sine"]],
            "threshold": _number(c["data"].get("threshold")),
        }
        for c in checks
    ]
    return FigureSpec(
        id=f"{slug(nodeid)}--sine",
        kind="sine",
        nodeid=nodeid,
        title="parameter divergence: vector sine by training step",
        caption="; ".join(
            f"{c['data']['build']} vs {c['data']['reference']}: {c.get('test')}, final sine "
            f"{format_p(c.get('statistic'))}"
            for c in checks
        )
        + ". A sine of exactly 0 (bitwise-equal parameters) is drawn on the bottom line; the dashed"
        " line is √ε of the build's precision",
        payload={"pairs": pairs},
        sweep=index,
    )


def _agreement(index: int, sweep: Mapping[str, Any]) -> FigureSpec | None:
    builds: dict[str, Mapping[str, Any]] = {}
    for run in ok_runs(sweep):
        calls = run.get("calls")
        if calls is None and isinstance(run.get("extra"), Mapping):
            calls = run["extra"].get("calls")
        if isinstance(calls, Mapping) and isinstance(calls.get("calls"), list):
            builds.setdefault(condition_label(run), calls)
    if len(builds) < 2:
        return None
    labels = list(builds)
    grid: list[list[list[int]]] = []
    for a in labels:
        row = []
        for b in labels:
            row.append(list(_agree(builds[a], builds[b])))
        grid.append(row)
    checks = [
        c
        for c in _checks_with_p(sweep.get("checks", []))
        if "consisten" in str(c.get("name")) or "call" in str(c.get("name"))
    ]
    nodeid = str(sweep.get("nodeid"))
    return FigureSpec(
        id=f"{slug(nodeid)}--agreement",
        kind="agreement",
        nodeid=nodeid,
        title="reportable calls: share two builds agree on",
        caption=_caption(checks, "no test of call agreement in this sweep")
        + ". Cell: agreeing calls / cases reportable (score ≥ τ) on both builds",
        payload={"builds": labels, "grid": grid},
        sweep=index,
    )


def _agree(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[int, int]:
    """(cases reportable on both whose calls agree, cases reportable on both)."""
    tau_a, tau_b = _number(a.get("tau")), _number(b.get("tau"))
    scores_a, scores_b = a.get("scores") or [], b.get("scores") or []
    agree = both = 0
    for i, (call_a, call_b) in enumerate(zip(a["calls"], b["calls"])):
        score_a = _number(scores_a[i]) if i < len(scores_a) else None
        score_b = _number(scores_b[i]) if i < len(scores_b) else None
        reportable_a = tau_a is None or (score_a is not None and score_a >= tau_a)
        reportable_b = tau_b is None or (score_b is not None and score_b >= tau_b)
        if reportable_a and reportable_b:
            both += 1
            agree += call_a == call_b
    return agree, both


def _variance(index: int, sweep: Mapping[str, Any]) -> FigureSpec | None:
    checks = _data_checks(sweep, "variance_share")
    if not checks:
        return None
    metrics: dict[str, list[Mapping[str, Any]]] = {}
    for check in checks:
        metrics.setdefault(str(check["data"].get("metric")), []).append(check)
    nodeid = str(sweep.get("nodeid"))
    bars = [
        {
            "metric": metric,
            "sources": [str(c["data"]["source"]) for c in group],
            "shares": [_number(c["data"]["share"]) or 0.0 for c in group],
            "ci": [[_number(x) for x in c["data"].get("ci", [None, None])] for c in group],
        }
        for metric, group in metrics.items()
    ]
    return FigureSpec(
        id=f"{slug(nodeid)}--variance",
        kind="variance",
        nodeid=nodeid,
        title="sources of variance: share of each",
        caption=_caption(_checks_with_p(checks), "")
        + ". Shares from a random-effects ANOVA; intervals in the legend",
        payload={"bars": bars},
        sweep=index,
    )


# -- families of sweeps (one test function under pytest parameters) ------------------------------
def family_key(nodeid: str) -> tuple[str, str] | None:
    """('file::test', 'parameter id') for a parametrized test id, else None."""
    match = re.fullmatch(r"(.*)\[(.*)\]", nodeid)
    return (match.group(1), match.group(2)) if match else None


def _pairs(param_id: str) -> list[tuple[str, str]] | None:
    parts = [p for p in re.split(r"[,-](?=[A-Za-z_][A-Za-z0-9_]*=)", param_id) if p]
    pairs = [p.partition("=") for p in parts]
    if not pairs or any(not sep for _, sep, _ in pairs):
        return None
    return [(name, value) for name, _, value in pairs]


def _value_key(text: str) -> tuple:
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def _families(report: Mapping[str, Any]) -> list[FigureSpec]:
    families: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for sweep in report.get("sweeps", []):
        key = family_key(str(sweep.get("nodeid")))
        if key is not None:
            families.setdefault(key[0], []).append((key[1], sweep))
    figures = []
    for base, members in families.items():
        if len(members) < 2:
            continue
        rows, table, p_values = [], [], []
        columns = _ordered(condition_label(r) for _, s in members for r in ok_runs(s))
        if not columns:
            continue
        for param_id, sweep in members:
            counts = {c: [0, 0] for c in columns}
            for run in ok_runs(sweep):
                counts[condition_label(run)][0] += bool(run.get("collapsed"))
                counts[condition_label(run)][1] += 1
            rows.append(param_id)
            table.append([counts[c] for c in columns])
            tests = [
                _number(c.get("p_value"))
                for c in sweep.get("checks", [])
                if "collapse" in str(c.get("name")) and "reference" not in str(c.get("name"))
            ]
            p_values.append(min((p for p in tests if p is not None), default=None))
        if not any(n[0] for row in table for n in row) and not any(
            "collapse" in str(c.get("name")) for _, s in members for c in s.get("checks", [])
        ):
            continue
        test_name = next(
            (
                str(c.get("test"))
                for _, s in members
                for c in s.get("checks", [])
                if "collapse" in str(c.get("name")) and _number(c.get("p_value")) is not None
            ),
            "",
        )
        caption = (
            f"collapse counts per parameter set (rows) and condition (columns), {len(rows)} sweeps"
            + (
                f"; smallest p per row ({test_name}): "
                + ", ".join(f"{r} {format_p(p)}" for r, p in zip(rows, p_values))
                if test_name
                else ""
            )
        )
        figures.append(
            FigureSpec(
                id=f"{slug(base)}--family",
                kind="family",
                nodeid=f"{base}[*]",
                title="collapsed runs per parameter set and condition",
                caption=caption,
                payload={"rows": rows, "columns": columns, "grid": table, "p_values": p_values},
            )
        )
        mechanism = _mechanism(base, rows, columns, table, p_values, test_name)
        if mechanism is not None:
            figures.append(mechanism)
    return figures


def _mechanism(
    base: str,
    rows: list[str],
    columns: list[str],
    table: list[list[list[int]]],
    p_values: list[float | None],
    test_name: str,
) -> FigureSpec | None:
    """Two parameters on a full grid: the spread of the collapse rate across conditions
    (max - min share collapsed) over them."""
    if len(columns) < 2:
        return None
    parsed: list[list[tuple[str, str]]] = []
    for row in rows:
        pairs = _pairs(row)
        if pairs is None or len(pairs) != 2:
            return None
        parsed.append(pairs)
    names = [name for name, _ in parsed[0]]
    if any([name for name, _ in p] != names for p in parsed):
        return None
    xs = sorted({p[0][1] for p in parsed}, key=_value_key)
    ys = sorted({p[1][1] for p in parsed}, key=_value_key)
    grid: list[list[float | None]] = [[None] * len(xs) for _ in ys]
    cell_p: list[list[float | None]] = [[None] * len(xs) for _ in ys]
    for pairs, counts, p in zip(parsed, table, p_values):
        shares = [c / n for c, n in counts if n]
        delta = (max(shares) - min(shares)) if shares else None
        x, y = xs.index(pairs[0][1]), ys.index(pairs[1][1])
        grid[y][x] = delta
        cell_p[y][x] = p
    return FigureSpec(
        id=f"{slug(base)}--mechanism",
        kind="mechanism",
        nodeid=f"{base}[*]",
        title="spread of the collapse rate across "
        + ", ".join(c.split("=", 1)[-1] for c in columns),
        caption=f"Δ = largest minus smallest share of runs collapsed across the conditions, per "
        f"({names[0]}, {names[1]}); in brackets the smallest p of {test_name or 'the collapse test'}",
        payload={
            "x_name": names[0],
            "y_name": names[1],
            "x": xs,
            "y": ys,
            "delta": grid,
            "p_values": cell_p,
        },
    )


def _pairs_figures(index: int, sweep: Mapping[str, Any]) -> list[FigureSpec]:
    """@compare's pairwise differences (data kind "pairs"): one dot per pair with its interval."""
    figures = []
    for number, check in enumerate(_data_checks(sweep, "pairs")):
        data = check["data"]
        rows = [r for r in data.get("rows", []) if isinstance(r, Mapping)]
        if not rows:
            continue
        nodeid = str(sweep.get("nodeid"))
        metric = str(data.get("metric") or "")
        suffix = f"-{number}" if number else ""
        figures.append(
            FigureSpec(
                id=f"{slug(nodeid)}--pairs-{slug(metric or 'metric')}{suffix}",
                kind="pairs",
                nodeid=nodeid,
                title=f"{metric}: difference per pair of {data.get('axis') or 'conditions'}",
                caption=_caption([check], "")
                + ". Per pair: "
                + "; ".join(
                    f"{r.get('second')} − {r.get('first')}: {r.get('test') or check.get('test')}, "
                    f"p (Holm) = {format_p(r.get('p_holm', r.get('p_value')))}"
                    + (" (below resolution)" if r.get("below_resolution") else "")
                    for r in rows
                ),
                payload={
                    "metric": metric,
                    "direction": direction(sweep, metric),
                    "labels": [f"{r.get('second')} − {r.get('first')}" for r in rows],
                    "differences": [_number(r.get("difference")) for r in rows],
                    "intervals": [
                        [_number(x) for x in r["ci"]]
                        if isinstance(r.get("ci"), (list, tuple)) and len(r["ci"]) == 2
                        else None
                        for r in rows
                    ],
                    "p_values": [_number(r.get("p_holm", r.get("p_value"))) for r in rows],
                    "margin": _number(data.get("margin")),
                },
                sweep=index,
            )
        )
    return figures


def plan_sweep(index: int, sweep: Mapping[str, Any]) -> list[FigureSpec]:
    """Every figure of one sweep, in reading order."""
    figures: list[FigureSpec | None] = [_strip(index, sweep, m) for m in metric_names(sweep)]
    figures += _pairs_figures(index, sweep)
    figures += [_collapses(index, sweep), _reference(index, sweep)]
    figures += _ranking(index, sweep)
    figures += [_sine(index, sweep), _agreement(index, sweep), _variance(index, sweep)]
    return [f for f in figures if f is not None]


def plan(report: Mapping[str, Any]) -> list[FigureSpec]:
    """Every figure of a report: each sweep's, then each family's."""
    figures: list[FigureSpec] = []
    for index, sweep in enumerate(report.get("sweeps", [])):
        figures += plan_sweep(index, sweep)
    figures += _families(report)
    seen: dict[str, int] = {}
    unique = []
    for figure in figures:  # two sweeps whose ids slug alike keep apart
        count = seen.get(figure.id, 0)
        seen[figure.id] = count + 1
        unique.append(
            figure if not count else dataclasses.replace(figure, id=f"{figure.id}-{count}")
        )
    return unique


def plan_diff(
    report_a: Mapping[str, Any], report_b: Mapping[str, Any], names: tuple[str, str]
) -> list[FigureSpec]:
    """Per sweep both reports ran and per metric: both reports' runs by condition, side by side."""
    sweeps_b = {str(s.get("nodeid")): s for s in report_b.get("sweeps", [])}
    figures = []
    for sweep_a in report_a.get("sweeps", []):
        nodeid = str(sweep_a.get("nodeid"))
        sweep_b = sweeps_b.get(nodeid)
        if sweep_b is None:
            continue
        metrics = metric_names(sweep_a)
        metrics += [m for m in metric_names(sweep_b) if m not in metrics]
        for metric in metrics:
            builds = []
            for name, sweep in zip(names, (sweep_a, sweep_b)):
                strip = _strip(0, sweep, metric)
                builds.append([name, strip.payload["points"] if strip else []])
            conditions = _ordered(p["condition"] for _, points in builds for p in points)
            if not conditions:
                continue
            figures.append(
                FigureSpec(
                    id=f"{slug(nodeid)}--diff-{slug(metric)}",
                    kind="strip_diff",
                    nodeid=nodeid,
                    title=f"{metric} per run by condition: {names[0]} (left) vs {names[1]} (right)",
                    caption=f"{names[0]}: "
                    + _caption(
                        [
                            c
                            for c in _checks_with_p(sweep_a.get("checks", []))
                            if _mentions(c, metric)
                        ],
                        "no test",
                    )
                    + f". {names[1]}: "
                    + _caption(
                        [
                            c
                            for c in _checks_with_p(sweep_b.get("checks", []))
                            if _mentions(c, metric)
                        ],
                        "no test",
                    )
                    + ". Bar: mean and 95 % CI (t)",
                    payload={
                        "metric": metric,
                        "direction": direction(sweep_a, metric),
                        "conditions": conditions,
                        "builds": builds,
                    },
                )
            )
    return figures
