"""Completed cells of a sweep, appended one JSON line per cell under pytest's cache dir.

A line is written and flushed to the operating system as soon as its cell completes, so killing
the process (even with SIGKILL) loses only the cells still running; a torn last line is ignored on
reading. The file is fsync'ed at most once a second (and when the sweep ends), because an fsync
per run costs milliseconds on ordinary disks: a machine crash can lose the last second of runs. The file name is a
hash of the test id, the sweep parameters and the test module's source: changing any of them
starts afresh instead of mixing results of different sweeps.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from ..core.spec import CellResult

CACHE_SUBDIR = "mlaudit"


def store_key(nodeid: str, parameters: Mapping, module_source: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(nodeid.encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(hashlib.sha256(module_source).digest())
    return digest.hexdigest()[:24]


def _finite_or_none(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def encode(key: str, result: CellResult) -> str:
    return json.dumps(
        {
            "key": key,
            "metrics": None
            if result.metrics is None
            else {k: _finite_or_none(v) for k, v in result.metrics.items()},
            "collapsed": result.collapsed,
            "error": result.error,
            "skipped": result.skipped,
            "seconds": result.seconds,
            "run": None if result.run is None else result.run.to_json(),
        },
        default=str,
    )


def decode(line: str, cell: dict) -> CellResult:
    from ..core.run import Run

    data = json.loads(line)
    metrics = data["metrics"]
    return CellResult(
        cell=cell,
        run=None if data["run"] is None else Run.from_json(data["run"]),
        metrics=None
        if metrics is None
        else {k: float("nan") if v is None else v for k, v in metrics.items()},
        collapsed=bool(data["collapsed"]),
        error=data["error"],
        skipped=data.get("skipped"),
        seconds=float(data["seconds"]),
        resumed=True,
    )


FSYNC_INTERVAL_SECONDS = 1.0


class ResumeStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: TextIO | None = None
        self._last_sync = 0.0

    def load(self, cells_by_key: Mapping[str, dict]) -> dict:
        """key -> CellResult for every complete line whose key is a cell of this grid."""
        done: dict = {}
        if not self.path.exists():
            return done
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.endswith("\n"):
                    break  # torn write of a killed process: that cell runs again
                try:
                    key = json.loads(line)["key"]
                except (ValueError, KeyError):
                    continue
                if key in cells_by_key and key not in done:
                    done[key] = decode(line, cells_by_key[key])
        return done

    def reset(self, keep: Mapping[str, CellResult] | None = None) -> None:
        """Start the file afresh, keeping only `keep` (rewritten whole, so a torn tail goes)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            for key, result in (keep or {}).items():
                handle.write(encode(key, result) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def append(self, key: str, result: CellResult) -> None:
        import time

        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(encode(key, result) + "\n")
        self._handle.flush()  # in the kernel now: survives the death of this process
        now = time.monotonic()
        if now - self._last_sync >= FSYNC_INTERVAL_SECONDS:
            os.fsync(self._handle.fileno())
            self._last_sync = now

    def close(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None
