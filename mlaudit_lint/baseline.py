"""Baselines: accept today's findings of an existing repository and gate only new ones.

`mlaudit-lint --write-baseline mlaudit-baseline.json` records every finding of the run by its
fingerprint (see fingerprint.py); `mlaudit-lint --baseline mlaudit-baseline.json` then reports
only findings whose fingerprint is not in the file (counting repeats: a baseline with one copy of a
finding hides one). The file is JSON, sorted, one finding per entry with its code, path, line and
message for people reading a diff; only `fingerprint` is matched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlaudit_lint import fingerprint
from mlaudit_lint.ftypes import Finding

FORMAT = "mlaudit-lint baseline"
VERSION = 1
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names the file."""


@dataclass
class Baseline:
    path: Path
    counts: Counter[str]

    def split(self, findings: Sequence[Finding], prints: Sequence[str]) -> tuple[list[int], int]:
        """(indexes of the findings that are new, number of baseline entries no longer found)."""
        remaining = Counter(self.counts)
        new = []
        for index, print_ in enumerate(prints):
            if remaining[print_] > 0:
                remaining[print_] -= 1
            else:
                new.append(index)
        return new, sum(remaining.values())


def load(path: Path) -> Baseline:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror or error}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError(f"{path}: not a baseline (larger than 64 MB)")
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        raise BaselineError(f"{path}: not a baseline written by mlaudit-lint (not JSON)") from None
    if not _is_baseline(document):
        raise BaselineError(
            f"{path}: not a baseline written by mlaudit-lint (expected format {FORMAT!r}, "
            f"version {VERSION})"
        )
    prints = []
    for number, entry in enumerate(document["findings"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: entry {number} has no fingerprint")
        prints.append(entry["fingerprint"])
    return Baseline(path, Counter(prints))


def _is_baseline(document: object) -> bool:
    return (
        isinstance(document, dict)
        and document.get("format") == FORMAT
        and document.get("version") == VERSION
        and isinstance(document.get("findings"), list)
    )


def write(path: Path, findings: Sequence[Finding], prints: Sequence[str]) -> None:
    """Write (atomically) a baseline; an existing file is replaced only if it is a baseline."""
    if path.exists():
        try:
            existing = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            existing = None
        if not _is_baseline(existing):
            raise BaselineError(
                f"{path}: exists and is not an mlaudit-lint baseline; not overwritten "
                "(remove it or choose another name)"
            )
    entries = sorted(
        (
            {
                "fingerprint": print_,
                "code": finding.code,
                "path": finding.path,
                "line": finding.line,
                "message": finding.message,
            }
            for finding, print_ in zip(findings, prints)
        ),
        key=lambda entry: (entry["path"], entry["line"], entry["code"], entry["fingerprint"]),
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "fingerprint": fingerprint.VERSION,
        "findings": entries,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror or error}") from None
