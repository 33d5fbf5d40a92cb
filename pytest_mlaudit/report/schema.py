"""The report format, in one place: what a sweep's JSON holds, how a report is assembled, how one is
read back and checked.

Writers: `sweep_record(outcome)` (one sweep: its runs and checks; it travels between xdist workers
and the controller in this form), `build(...)` (the whole `--mlaudit-report` file). Readers:
`load(path)` and `validate(data, name)`, which `mlaudit diff` uses; they accept every report this
module has written and hand-written ones that carry the fields diff reads. Writing the file to disk
is `report.file`'s job.

    {"schema": "mlaudit-report/1", "environment": {...}, "options": {...}, "interrupted": false,
     "seconds": wall time of the pytest session until the report was written (null if unknown),
     "sweeps": [{"nodeid", "test", "parameters", "options", "executor", "reproduce", "interrupted",
                 "failed", "stopped", "seconds", "environment",
                 "task", "metric", "metrics": {name: "higher" | "lower"},
                 "resolution": {name: {"metric", "step", "distinct_values", "runs", "n_test",
                                       "basis"}},
                 "runs": [{"seed", "condition", "condition_label", "task", "metrics", "collapsed",
                           "collapse_reasons", "error", "skipped", "seconds", "resumed",
                           "prevalence", "classes"?, "calls"?}],
                 "checks": [{"name", "test", "statistic", "p_value", "passed", "detail",
                             "assumptions", "advice", "condition", "severity", "estimate",
                             "compared_with", "metric", "below_resolution", "data"}]}],
     "sections": [{"title", "markdown", "source"}]}

`task` is the sweep's task kind (binary, multiclass, regression; None when no run finished),
`metric` the metric it is summarised by, `metrics` every metric its runs carry (built-in and the
user's) with its direction, `resolution` what the test set can resolve per metric (step: the
change one test example makes, None for continuous metrics; see core.resolution). A check's
`statistic` is the test statistic only; `estimate` is what was observed and `compared_with` what
it was held against. `stopped` is the one message of a sweep stopped early (a malformed Run).

Non-finite numbers are written as null (JSON has no NaN). `calls` (per-case calls of a
longitudinal build: {"calls": [...], "scores": [...], "tau": float | null}) is what `mlaudit diff`
compares case by case; older reports may carry it as `run["extra"]["calls"]`.

`sections` are what conftests added through the `pytest_mlaudit_report_sections` hook
(pytest_mlaudit/hooks.py): markdown shown in report.md and report.html, kept here so that
`mlaudit report` rebuilds them from the JSON alone.

A check's `data` (null for most) holds the numbers behind its verdict that a figure draws; its
"kind" says which (report/figures reads them; unknown kinds are ignored):

- "reference_counts": {"observed": [collapses, runs], "reference": [collapses, runs]}
- "loss_ranking": {"metric", "loss_axis", "domain_axis", "losses": [...], "domains": [...],
  "comparisons": [{"pair": [a, b], "domain", "pairs", "mean_difference", "p_adjusted",
  "significant"}], "verdicts": [[a, b, verdict], ...]}
- "vector_sine": {"reference", "build", "steps": [...], "sine": [...], "threshold", "final"}
- "variance_share": {"metric", "source", "share", "ci": [low, high], "confidence", "levels"}
- "pairs" (@compare): {"axis", "metric", "paired", "margin"? (TOST), "rows": [{"first", "second",
  "n_first", "n_second", "pairs", "mean_first", "mean_second", "difference" (second − first),
  "ci": [low, high] (95 % t interval of the difference) | null, "test", "statistic", "p_value",
  "p_holm", "tost_statistic", "tost_p", "why_untested", "better"?, "below_resolution"?}]}

Stdlib only: `mlaudit diff` starts fast.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core import metric_names, metrics, resolution
from ..core.outcome import SweepOutcome
from ..core.spec import CellResult
from ..core.verdict import CheckResult

SCHEMA = "mlaudit-report/1"
KNOWN_SCHEMAS = (SCHEMA,)
# A report is a few levels deep (sweeps > runs > metrics); far deeper JSON is not one, and would
# exhaust Python's recursion in the readers. Larger files than this are not reports either.
MAX_DEPTH = 64
MAX_BYTES = 1 << 30


class ReportError(Exception):
    """A report that cannot be used; the message is one line naming the file."""


# -- writing -------------------------------------------------------------------------------------
def finite(value: Any) -> Any:
    """`value` with every non-finite float (NaN, +-inf) replaced by None, recursively; numpy
    scalars and arrays (anything with `tolist`) become plain numbers and lists first."""
    if not isinstance(value, (str, bytes, int, float)) and callable(getattr(value, "tolist", None)):
        value = value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def check_record(check: CheckResult) -> dict[str, Any]:
    data = dataclasses.asdict(check)
    for key in ("statistic", "p_value", "estimate", "compared_with"):
        data[key] = _number(getattr(check, key))
    data["data"] = None if check.data is None else finite(dict(check.data))
    return data


def _collapse_reasons(result: CellResult) -> list[str]:
    if not result.collapsed or result.run is None or result.metrics is None:
        return []
    return metrics.collapse_reasons(result.run, result.metrics)


def _per_case_calls(result: CellResult) -> dict | None:
    extra = getattr(result.run, "extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("calls"), dict):
        return extra["calls"]
    return None


def _prevalence(result: CellResult) -> float | None:
    if result.run is None or result.task != metric_names.BINARY:
        return None
    return float(result.run.y_true.mean())


def sweep_metrics(outcome: SweepOutcome) -> dict[str, Any]:
    """The sweep's task kind, its primary metric, every metric its runs carry (with direction)
    and what the test set resolves of each."""
    finished = [r for r in outcome.results if r.ok and r.metrics is not None]
    task = next((r.task for r in finished), None)
    names: dict[str, str] = {}
    for result in finished:
        for name in result.metrics or {}:
            names.setdefault(name, metric_names.direction(name))
    return {
        "task": task,
        "metric": metric_names.primary(task, outcome.spec.setting("metric")),
        "metrics": names,
        "resolution": {
            name: resolution.summarise(outcome.results, name).to_dict() for name in names
        },
    }


def run_record(outcome: SweepOutcome, result: CellResult) -> dict[str, Any]:
    spec = outcome.spec
    pairing = spec.pairing_axis
    labels = spec.label_cell(result.cell)
    record: dict[str, Any] = {
        "seed": result.cell.get(pairing),
        "condition": {k: v for k, v in labels.items() if k != pairing},
        "condition_label": spec.condition_label(result.cell),
        "metrics": None
        if result.metrics is None
        else {k: _number(v) for k, v in result.metrics.items()},
        "collapsed": bool(result.collapsed),
        "collapse_reasons": _collapse_reasons(result),
        "error": result.error,
        "skipped": result.skipped,
        "seconds": round(float(result.seconds), 6),
        "resumed": result.resumed,
        "task": result.task,
        "prevalence": _prevalence(result),
    }
    if result.task == metric_names.MULTICLASS and result.run is not None:
        record["classes"] = list(result.run.classes or ())
    calls = _per_case_calls(result)
    if calls is not None:  # longitudinal builds: what `mlaudit diff` compares case by case
        record["calls"] = calls
    return record


def sweep_record(outcome: SweepOutcome) -> dict[str, Any]:
    """One sweep as the terminal, the failure message, the report and xdist's controller read it."""
    spec = outcome.spec
    return {
        "nodeid": outcome.nodeid,
        "test": getattr(spec.function, "__qualname__", str(spec.function)),
        "parameters": spec.parameters(),
        "options": dataclasses.asdict(outcome.options),
        "executor": outcome.executor,
        "reproduce": outcome.reproduce(),
        "interrupted": outcome.interrupted,
        "failed": outcome.failed,
        "stopped": outcome.stopped,
        "seconds": round(outcome.seconds, 3),
        **sweep_metrics(outcome),
        "runs": [run_record(outcome, result) for result in outcome.results],
        "checks": [check_record(check) for check in outcome.checks],
        "environment": outcome.environment,
    }


def build(
    sweeps: Sequence[Mapping[str, Any]],
    environment: Mapping[str, Any] | None,
    options: Mapping[str, Any],
    interrupted: bool = False,
    sections: Sequence[Mapping[str, Any]] = (),
    seconds: float | None = None,
) -> dict[str, Any]:
    """The whole report: the environment fingerprint, the options, every sweep's record, the
    sections conftests added (see `section_record`) and the session's wall time so far."""
    return {
        "schema": SCHEMA,
        "environment": environment,
        "options": options,
        "interrupted": interrupted,
        "seconds": None if seconds is None else round(float(seconds), 3),
        "sweeps": list(sweeps),
        "sections": [dict(section) for section in sections],
    }


def section_record(value: Any, source: str) -> dict[str, str]:
    """One section a `pytest_mlaudit_report_sections` hook returned ({"title", "markdown"}, or an
    object with those attributes), checked; ValueError (one line naming `source`) otherwise."""
    title = value.get("title") if isinstance(value, Mapping) else getattr(value, "title", None)
    text = value.get("markdown") if isinstance(value, Mapping) else getattr(value, "markdown", None)
    if not isinstance(title, str) or not title.strip() or not isinstance(text, str):
        raise ValueError(
            f"{source}: a report section must have a non-empty string 'title' and a string "
            f"'markdown', got {type(value).__name__} {str(value)[:80]!r}"
        )
    return {"title": title.strip(), "markdown": text, "source": source}


def dumps(report: Mapping[str, Any]) -> str:
    """The report as the file holds it (strict JSON: non-finite numbers are null)."""
    return json.dumps(finite(report), indent=1, allow_nan=False, default=str) + "\n"


# -- reading -------------------------------------------------------------------------------------
def run_calls(run: Mapping[str, Any]) -> dict | None:
    """A run's per-case calls, where the report carries them (see the module docstring)."""
    calls = run.get("calls")
    if calls is None and isinstance(run.get("extra"), dict):
        calls = run["extra"].get("calls")
    return calls if isinstance(calls, dict) else None


def depth(data: Any) -> int:
    """How deeply `data` nests lists and objects (iteratively: any depth is measured)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, level)
            stack.extend((item, level + 1) for item in value)
    return deepest


def validate(data: Any, name: str) -> None:
    """Raise ReportError (one line naming `name` and the field) unless `data` has what readers use."""

    def fail(where: str, what: str) -> None:
        raise ReportError(f"{name}: {where}: {what} (is this an mlaudit --mlaudit-report file?)")

    if not isinstance(data, dict):
        fail("top level", f"expected an object, found {type(data).__name__}")
    if depth(data) > MAX_DEPTH:
        fail("top level", f"nested more than {MAX_DEPTH} levels deep")
    schema = data.get("schema")
    if schema is not None and schema not in KNOWN_SCHEMAS:
        fail("schema", f"unknown format {schema!r} (this mlaudit reads {', '.join(KNOWN_SCHEMAS)})")
    if not isinstance(data.get("environment"), dict):
        fail("environment", "missing or not an object")
    if not isinstance(data.get("sweeps"), list):
        fail("sweeps", "missing or not a list")
    sections = data.get("sections", [])
    if not isinstance(sections, list):
        fail("sections", "not a list")
    for i, section in enumerate(sections):
        if not (
            isinstance(section, dict)
            and isinstance(section.get("title"), str)
            and isinstance(section.get("markdown"), str)
        ):
            fail(f"sections[{i}]", "expected an object with string 'title' and 'markdown'")
    for i, sweep in enumerate(data["sweeps"]):
        if not isinstance(sweep, dict) or not isinstance(sweep.get("nodeid"), str):
            fail(f"sweeps[{i}]", "expected an object with a string 'nodeid'")
        if not isinstance(sweep.get("runs"), list):
            fail(f"sweeps[{i}].runs", "missing or not a list")
        checks = sweep.get("checks", [])
        if not isinstance(checks, list) or not all(
            isinstance(c, dict) and isinstance(c.get("name"), str) for c in checks
        ):
            fail(f"sweeps[{i}].checks", "expected a list of objects with a string 'name'")
        for j, run in enumerate(sweep["runs"]):
            where = f"sweeps[{i}].runs[{j}]"
            if not isinstance(run, dict):
                fail(where, "expected an object")
            for key in ("seed", "condition", "metrics"):
                if key not in run:
                    fail(where, f"missing {key!r}")
            if run["metrics"] is not None and not isinstance(run["metrics"], dict):
                fail(f"{where}.metrics", "expected an object or null")
            calls = run_calls(run)
            if calls is not None:
                if not (
                    isinstance(calls.get("calls"), list)
                    and isinstance(calls.get("scores"), list)
                    and len(calls["calls"]) == len(calls["scores"])
                ):
                    fail(f"{where}.calls", "expected 'calls' and 'scores' lists of equal length")


def load(path: str | Path) -> dict[str, Any]:
    """A report read from `path` and validated; ReportError (one line naming it) otherwise."""
    path = Path(path)
    try:
        if not path.exists():
            raise ReportError(f"{path}: no such file")
        if not path.is_file():  # a FIFO would block, a device never end: never opened
            raise ReportError(f"{path}: not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise ReportError(f"{path}: larger than {MAX_BYTES:,} bytes: not a report")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path}: cannot read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(
            f"{path}: not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise ReportError(f"{path}: JSON nested too deeply to be a report") from None
    validate(data, str(path))
    return data


def is_report(path: str | Path) -> bool:
    """Whether `path` holds a report this module wrote (its schema field says so)."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("schema") in KNOWN_SCHEMAS
