"""Writing the `--mlaudit-report` file and the files beside it: where they may go, and how they are
written (atomically: a reader, or a second Ctrl-C, never sees half a file).

Every path is checked before any sweep runs, so a report that cannot be written costs no training,
and nothing the user had is lost: a file that is there already is kept unless the user adds
`--mlaudit-report-overwrite` (and a file that is not an mlaudit report is never replaced). Files
beside the report (a markdown summary, later HTML or figures) obey the same rule: their writers
declare them with the `pytest_mlaudit_sidecars(config)` hook and write them with `write_text`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..options import REPORT, REPORT_OVERWRITE
from . import schema


def _folder_problem(target: Path, shown: str) -> str | None:
    # A missing folder is made when the file is written (as --junit-xml does); only a path through
    # something that is not a folder, or a folder this user may not write in, cannot be.
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                return f"{shown}: {folder} is a file, not a folder"
            if not os.access(folder, os.W_OK | os.X_OK):
                return f"{shown}: cannot write in {folder} (permission denied)"
            return None
    return None


def target_problem(path: str | Path, *, overwrite: bool, shown: str | None = None) -> str | None:
    """Why a file mlaudit writes (the report or a file beside it) cannot go to `path`, in one line,
    or None. Nothing the user had is replaced: a file that exists is kept unless `overwrite` is
    set, and even then only when it is an earlier mlaudit report (for the report itself)."""
    target = Path(path)
    shown = shown or str(path)
    if target.is_dir():
        return f"{shown}: is a directory; give a file path such as {target / 'mlaudit.json'}"
    problem = _folder_problem(target, shown)
    if problem or not (target.exists() or target.is_symlink()):
        return problem
    if not overwrite:
        return (
            f"{shown}: a file is there already and is kept; give another path, move it away, "
            f"or add {REPORT_OVERWRITE} to replace mlaudit's files"
        )
    return None


def path_problem(path: str, *, overwrite: bool = False) -> str | None:
    """Why the report cannot be written to `path` (one line), or None: checked before any run."""
    shown = f"{REPORT} {path}"
    target = Path(path)
    if target.exists() and target.is_file() and not schema.is_report(target):
        return f"{shown}: file exists and is not an mlaudit report; refusing to overwrite it"
    if target.exists() and target.is_file() and not overwrite:
        return (
            f"{shown}: an mlaudit report is there already and is kept; give another path, "
            f"move it away, or add {REPORT_OVERWRITE} to replace it"
        )
    return target_problem(path, overwrite=True, shown=shown)


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


def write_bytes(path: str | Path, data: bytes) -> None:
    """Atomically, as `write_text`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def write(path: str | Path, report: Mapping[str, Any]) -> None:
    write_text(path, schema.dumps(report))
