"""`--mlaudit-mlflow [URI]`: every sweep as an MLflow parent run, one child run per cell.

Parent run (name: the test id): params = the sweep's axes and decorator settings; metrics = each
check's statistic, p-value and verdict (1 pass, 0 not); tags = the verdict and the environment
fingerprint (flattened, `env.` keys); artifacts = the sweep's figures (PNG and SVG, when the plots
extra is installed). Child run per cell (name: condition and seed): params = seed and conditions;
metrics = the run's metrics, collapsed (0/1) and seconds; tags = its status, error and the
fingerprint's digest (`mlaudit.environment`; the full fingerprint is on the parent).

Reads the finished report (`report.schema`'s records), so it works the same under xdist and for a
saved report (`mlaudit report REPORT.json --mlflow URI`). The default store is ./mlruns (a local
file store: no server). mlflow is the optional `mlflow` extra (mlflow-skinny suffices) and is
imported only here, when an export runs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

EXTRA = "mlflow"
MISSING = (
    f"--mlaudit-mlflow needs mlflow, which is not installed: pip install 'pytest-mlaudit[{EXTRA}]'"
)
DEFAULT_URI = "mlruns"
EXPERIMENT = "mlaudit"
# MLflow's limits (mlflow.utils.validation): keys up to 250 characters, param values 6000, tags 8000.
KEY_LIMIT, PARAM_LIMIT, TAG_LIMIT = 250, 6000, 8000


class MlflowUnavailable(RuntimeError):
    """mlflow is not installed; the message is one line naming the extra."""


def available() -> bool:
    """Whether mlflow can be imported (without importing it)."""
    import importlib.util
    import sys

    if "mlflow" in sys.modules:  # None there means an import was blocked
        return sys.modules["mlflow"] is not None
    try:
        return importlib.util.find_spec("mlflow") is not None
    except (ImportError, ValueError):
        return False


def store_problem(value: str, option: str) -> str | None:
    """Why `value` cannot be the tracking store (one line naming the option), or None. Checked
    before any sweep runs; nothing is imported or created."""
    if not available():
        return MISSING
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value) and not value.startswith("file:"):
        return None  # a server or database: MLflow says what is wrong when it connects
    path = Path(_file_path(value) if value.startswith("file:") else value)
    if path.is_file():
        return (
            f"{option} {value}: is a file, not an MLflow store folder (a test path? write "
            f"{option}=URI, or put the option after the paths)"
        )
    if path.is_dir() and any(path.glob("*.py")):
        return (
            f"{option} {value}: holds Python files, not MLflow runs (a test path? write "
            f"{option}=URI, or put the option after the paths)"
        )
    return None


def _file_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path)


def tracking_uri(value: str) -> str:
    """A tracking URI from what the user gave: a path becomes a file: URI (absolute)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value) or value.startswith("file:"):
        return value
    return Path(value).expanduser().resolve().as_uri()


def key(text: str) -> str:
    """A metric/param/tag key MLflow accepts (letters, digits, _ - . space / :)."""
    cleaned = re.sub(r"[^A-Za-z0-9_\-. /:]+", "_", text.replace("=", ":")).strip()
    return cleaned[:KEY_LIMIT] or "_"


def _text(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for name, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{name}" if prefix else str(name)))
        return out
    return {prefix: value}


def environment_digest(environment: Any) -> str:
    return hashlib.sha256(
        json.dumps(environment, sort_keys=True, default=str).encode()
    ).hexdigest()[:16]


def _unique(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Keys cleaned for MLflow; a key that cleans to one already taken gets a number."""
    out: dict[str, Any] = {}
    for name, value in pairs:
        cleaned, number = key(name), 2
        while cleaned in out:
            cleaned, number = key(f"{name} {number}"), number + 1
        out[cleaned] = value
    return out


def sweep_params(sweep: Mapping[str, Any]) -> dict[str, str]:
    parameters = sweep.get("parameters") or {}
    pairs = [(f"axis.{name}", values) for name, values in (parameters.get("axes") or {}).items()]
    for decorator, settings in parameters.get("decorators") or []:
        pairs += [(f"{decorator}.{name}", value) for name, value in flatten(settings).items()]
    pairs += [
        (f"setting.{name}", value) for name, value in (parameters.get("settings") or {}).items()
    ]
    return {k: _text(v, PARAM_LIMIT) for k, v in _unique(pairs).items()}


def check_metrics(sweep: Mapping[str, Any]) -> dict[str, float]:
    pairs: list[tuple[str, Any]] = []
    for check in sweep.get("checks", []):
        name = str(check.get("name"))
        if check.get("condition"):
            name += f"/{check['condition']}"
        for field in ("statistic", "p_value"):
            value = _number(check.get(field))
            if value is not None:
                pairs.append((f"check.{name}.{field}", value))
        pairs.append((f"check.{name}.passed", 1.0 if check.get("passed") else 0.0))
    return _unique(pairs)


def cell_params(run: Mapping[str, Any]) -> dict[str, str]:
    condition = run.get("condition")
    items = condition.items() if isinstance(condition, Mapping) else ()
    pairs = [("seed", run.get("seed"))] + [(f"condition.{k}", v) for k, v in items]
    return {k: _text(v, PARAM_LIMIT) for k, v in _unique(pairs).items()}


def cell_metrics(run: Mapping[str, Any]) -> dict[str, float]:
    pairs = [
        (name, value)
        for name, value in ((n, _number(v)) for n, v in (run.get("metrics") or {}).items())
        if value is not None
    ]
    pairs.append(("collapsed", 1.0 if run.get("collapsed") else 0.0))
    seconds = _number(run.get("seconds"))
    if seconds is not None:
        pairs.append(("seconds", seconds))
    return _unique(pairs)


def cell_name(run: Mapping[str, Any]) -> str:
    label = run.get("condition_label") or "all"
    return f"{label} seed={run.get('seed')}" if run.get("seed") is not None else str(label)


def _client(uri: str) -> Any:
    if not available():
        raise MlflowUnavailable(MISSING)
    if uri.startswith("file:"):
        # MLflow 3 keeps its file store in maintenance mode and asks for this opt-in; a local
        # file store is what needs no server, and what this exporter documents as its default.
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=uri)


def _experiment(client: Any, name: str) -> str:
    found = client.get_experiment_by_name(name)
    return found.experiment_id if found is not None else client.create_experiment(name)


def _log(
    client: Any,
    run_id: str,
    params: Mapping[str, str],
    metrics: Mapping[str, float],
    tags: Mapping[str, str],
) -> None:
    from mlflow.entities import Metric, Param, RunTag

    stamp = 0  # one value per key: no history to order
    # log_batch takes at most 100 params, 1000 metrics and 100 tags per call.
    params_items, metric_items, tag_items = (
        list(params.items()),
        list(metrics.items()),
        list(tags.items()),
    )
    while params_items or metric_items or tag_items:
        client.log_batch(
            run_id,
            metrics=[Metric(k, v, stamp, 0) for k, v in metric_items[:1000]],
            params=[Param(k, v) for k, v in params_items[:100]],
            tags=[RunTag(k, v) for k, v in tag_items[:100]],
        )
        params_items, metric_items, tag_items = (
            params_items[100:],
            metric_items[1000:],
            tag_items[100:],
        )


def export(
    report: Mapping[str, Any],
    uri: str = DEFAULT_URI,
    figures: Mapping[int, Sequence[tuple[str, bytes]]] | None = None,
    experiment: str | None = None,
) -> dict[str, Any]:
    """Log every sweep of `report`; `figures` maps a sweep's index to (file name, bytes) to attach.
    Returns {"uri", "experiment_id", "parents": [run ids], "children": count}."""
    from mlflow.entities import RunStatus

    resolved = tracking_uri(uri)
    client = _client(resolved)
    experiment_id = _experiment(
        client, experiment or os.environ.get("MLFLOW_EXPERIMENT_NAME") or EXPERIMENT
    )
    environment = report.get("environment")
    digest = environment_digest(environment)
    environment_tags = {
        key(f"env.{k}"): _text(v, TAG_LIMIT) for k, v in flatten(environment or {}).items() if k
    }
    parents, children = [], 0
    for index, sweep in enumerate(report.get("sweeps", [])):
        failed = bool(sweep.get("failed")) or any(
            not c.get("passed") and c.get("severity") != "warning" for c in sweep.get("checks", [])
        )
        parent = client.create_run(
            experiment_id,
            run_name=str(sweep.get("nodeid"))[:250],
            tags={
                "mlaudit.nodeid": _text(sweep.get("nodeid"), TAG_LIMIT),
                "mlaudit.verdict": "FAIL" if failed else "pass",
                "mlaudit.environment": digest,
                "mlaudit.reproduce": _text(sweep.get("reproduce") or "", TAG_LIMIT),
                **environment_tags,
            },
        )
        parent_id = parent.info.run_id
        _log(client, parent_id, sweep_params(sweep), check_metrics(sweep), {})
        for run in sweep.get("runs", []):
            status = (
                "error"
                if run.get("error") is not None
                else "skipped"
                if run.get("skipped")
                else "ok"
            )
            tags = {
                "mlflow.parentRunId": parent_id,
                "mlaudit.environment": digest,
                "mlaudit.status": status,
            }
            if run.get("error") is not None:
                tags["mlaudit.error"] = _text(run["error"], TAG_LIMIT)
            child = client.create_run(experiment_id, run_name=cell_name(run)[:250], tags=tags)
            _log(client, child.info.run_id, cell_params(run), cell_metrics(run), {})
            client.set_terminated(
                child.info.run_id,
                RunStatus.to_string(RunStatus.FAILED if status == "error" else RunStatus.FINISHED),
            )
            children += 1
        attached = (figures or {}).get(index) or ()
        if attached:
            with tempfile.TemporaryDirectory(prefix="mlaudit-figures-") as folder:
                for name, data in attached:
                    (Path(folder) / name).write_bytes(data)
                client.log_artifacts(parent_id, folder, artifact_path="figures")
        client.set_terminated(parent_id, RunStatus.to_string(RunStatus.FINISHED))
        parents.append(parent_id)
    return {
        "uri": resolved,
        "experiment_id": experiment_id,
        "parents": parents,
        "children": children,
    }


def figures_by_sweep(
    rendered: Iterable[Any], report: Mapping[str, Any]
) -> dict[int, list[tuple[str, bytes]]]:
    """`figures.drawing.Rendered` items as {sweep index: [(file name, bytes), ...]}; a family's
    figure (sweep None, test id 'file::test[*]') goes to every sweep of the family."""
    nodeids = [str(s.get("nodeid")) for s in report.get("sweeps", [])]
    out: dict[int, list[tuple[str, bytes]]] = {}
    for item in rendered:
        if item.spec.sweep is not None:
            members = [item.spec.sweep]
        else:
            base = item.spec.nodeid.removesuffix("[*]")
            members = [i for i, n in enumerate(nodeids) if n.startswith(base + "[")]
        for index in members:
            for fmt, data in item.files.items():
                out.setdefault(index, []).append((f"{item.spec.id}.{fmt}", data))
    return out
