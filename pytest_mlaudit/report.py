"""The JSON report: the environment fingerprint and every sweep (runs and checks)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

SCHEMA = "mlaudit-report/1"


def path_problem(path: str) -> str | None:
    """Why the report cannot be written to `path` (one line), or None. A file that exists is only
    overwritten when it is an earlier mlaudit report, so nothing the user had is lost."""
    target = Path(path)
    if target.is_dir():
        return f"--mlaudit-report {path}: is a directory; give a file path such as {target / 'mlaudit.json'}"
    # A missing folder is made when the report is written (as --junit-xml does); only a path
    # through something that is not a folder cannot be.
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                return f"--mlaudit-report {path}: {folder} is a file, not a folder"
            break
    if target.exists():
        try:
            with target.open(encoding="utf-8") as handle:
                earlier = json.load(handle)
            if isinstance(earlier, dict) and earlier.get("schema") == SCHEMA:
                return None
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        return f"--mlaudit-report {path}: file exists and is not an mlaudit report; refusing to overwrite it"
    return None


def build(
    sweeps: Sequence[dict], environment: dict, options: dict, interrupted: bool = False
) -> dict:
    return {
        "schema": SCHEMA,
        "environment": environment,
        "options": options,
        "interrupted": interrupted,
        "sweeps": list(sweeps),
    }


def _finite(value):
    if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write(path: str, report: dict) -> None:
    """Atomically: a reader (or a second Ctrl-C) never sees half a report."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(_finite(report), handle, indent=1, allow_nan=False, default=str)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
