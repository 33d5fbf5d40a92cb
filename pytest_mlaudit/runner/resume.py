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
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from ..core.run import Run
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


class UnusableLine(ValueError):
    """A line of the store that is not a run record this version wrote; the message says why."""


def _field(data: Mapping[str, Any], key: str, kinds: tuple[type, ...], optional: bool) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kinds) or isinstance(value, bool) != (bool in kinds):
        raise UnusableLine(f"{key!r} is {value!r}, not {' or '.join(k.__name__ for k in kinds)}")
    return value


def decode(data: Any, cell: dict) -> CellResult:
    """The CellResult of a record `encode` wrote; UnusableLine for anything else."""
    if not isinstance(data, dict):
        raise UnusableLine(f"a JSON {type(data).__name__}, not an object")
    metrics = _field(data, "metrics", (dict,), optional=True)
    if metrics is not None and not all(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None
        for v in metrics.values()
    ):
        raise UnusableLine("a metric is not a number")
    run = _field(data, "run", (dict,), optional=True)
    try:
        restored = None if run is None else Run.from_json(run)
    except Exception as error:  # bad base64, dtype, lengths, labels ...: its own message
        raise UnusableLine(f"its run cannot be restored: {type(error).__name__}: {error}") from None
    return CellResult(
        cell=cell,
        run=restored,
        metrics=None
        if metrics is None
        else {k: float("nan") if v is None else float(v) for k, v in metrics.items()},
        collapsed=_field(data, "collapsed", (bool,), optional=False),
        error=_field(data, "error", (str,), optional=True),
        skipped=_field(data, "skipped", (str,), optional=True),
        seconds=float(_field(data, "seconds", (int, float), optional=False)),
        resumed=True,
    )


def _parse(raw: bytes) -> tuple[str, Any]:
    """(key, record) of one line; UnusableLine when it is none."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UnusableLine("not UTF-8") from None
    except RecursionError:
        raise UnusableLine("JSON nested too deeply") from None
    except ValueError as error:
        raise UnusableLine(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise UnusableLine(f"a JSON {type(data).__name__}, not an object")
    key = data.get("key")
    if not isinstance(key, str):
        raise UnusableLine(f"no string 'key' (found {key!r})")
    return key, data


FSYNC_INTERVAL_SECONDS = 1.0


class ResumeStoreWarning(UserWarning):
    """Part of a resume store could not be used; the runs it held run again."""


class ResumeStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: TextIO | None = None
        self._last_sync = 0.0

    def load(self, cells_by_key: Mapping[str, dict]) -> dict[str, CellResult]:
        """key -> CellResult for every complete line whose key is a cell of this grid.

        A line that is not a record this version wrote is skipped (its run runs again) and named
        in one warning per store: the first such line and how many there were. `reset` then
        rewrites the store without them, so the next resume does not meet them again.
        """
        done: dict[str, CellResult] = {}
        if not self.path.is_file():
            return done
        try:
            raw_lines = self.path.read_bytes().split(b"\n")
        except OSError as error:
            warnings.warn(
                ResumeStoreWarning(f"{self.path}: cannot read ({error}); every run runs again"),
                stacklevel=2,
            )
            return done
        # the part after the last newline is empty, or the torn write of a killed process
        unusable: list[tuple[int, str]] = []
        for number, raw in enumerate(raw_lines[:-1], start=1):
            try:
                key, record = _parse(raw)
                if key in cells_by_key and key not in done:
                    done[key] = decode(record, cells_by_key[key])
            except UnusableLine as problem:
                unusable.append((number, str(problem)))
        if unusable:
            number, why = unusable[0]
            again = len(cells_by_key) - len(done)
            warnings.warn(
                ResumeStoreWarning(
                    f"{self.path}: line {number}: {why}; {len(unusable)} unusable line(s) "
                    f"ignored: {len(done)} runs resumed, {again} runs again"
                ),
                stacklevel=2,
            )
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
