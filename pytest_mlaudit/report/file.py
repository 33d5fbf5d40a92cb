"""Writing the `--mlaudit-report` file: where it may go, and how it is written (atomically).

A path is checked before any sweep runs, so a report that cannot be written costs no training.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..options import REPORT
from . import schema


def path_problem(path: str) -> str | None:
    """Why the report cannot be written to `path` (one line), or None. A file that exists is only
    overwritten when it is an earlier mlaudit report, so nothing the user had is lost."""
    target = Path(path)
    if target.is_dir():
        return (
            f"{REPORT} {path}: is a directory; give a file path such as {target / 'mlaudit.json'}"
        )
    # A missing folder is made when the report is written (as --junit-xml does); only a path
    # through something that is not a folder cannot be.
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                return f"{REPORT} {path}: {folder} is a file, not a folder"
            break
    if target.exists() and not schema.is_report(target):
        return (
            f"{REPORT} {path}: file exists and is not an mlaudit report; refusing to overwrite it"
        )
    return None


def write_text(path: str | Path, text: str) -> None:
    """Atomically: a reader (or a second Ctrl-C) never sees half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def write(path: str | Path, report: Mapping[str, Any]) -> None:
    write_text(path, schema.dumps(report))
