"""The results cache: per-file analysis facts and per-group results, as data only.

Where: `$MLAUDIT_CACHE_DIR` if set, else `$XDG_CACHE_HOME/mlaudit` (default `~/.cache/mlaudit`).
A per-user directory rather than a `.mlaudit_cache/` in the project: it works for read-only trees
(the standard library, a mounted checkout), needs no `.gitignore` line, and is shared by every
checkout of the same code.

What: one JSON document per entry, named by a digest of everything it depends on: the file's bytes
(their digest), its path and dotted module name, the analysis settings, and the tool itself
(version, libcst version, Python version, and the size and modification time of every module of
the linter, so an edited rule never reads stale facts).

Safe to read whatever is in the directory. An entry is data, never code: `mlaudit_lint.codec` can
only build plain values and the linter's own registered data classes, and checks them against
their annotations. The file is opened without following a symbolic link, must be a regular file
under `MAX_ENTRY_BYTES`, must name the key it is stored under, and must decode to the expected
type; anything else (a pickle, a truncated write, an entry of another version or shape) is deleted
and recomputed, never an error. Nothing here unpickles.

Safe under concurrent writers: an entry is written to a temporary file in the same directory and
moved into place with `os.replace`, which is atomic, so a reader sees a whole entry or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import mlaudit_lint
from mlaudit_lint.codec import Codec, DecodeError, EncodeError
from mlaudit_lint.ftypes import Config, Finding, LintError, Result

CACHE_ENV = "MLAUDIT_CACHE_DIR"
# v1 entries were pickles; they live in another subdirectory and are never read.
LAYOUT_VERSION = "v2"
FORMAT = "mlaudit-cache"
MAX_ENTRY_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class GroupEntry:
    """What a group of files (one configuration) produced, with what it depended on."""

    # (absolute path, hex digest of its bytes) of every file read as context (not named)
    context: tuple[tuple[str, str], ...]
    candidates: int
    analysed: int
    results: tuple[Result, ...]
    # suppression comments of named files that silenced nothing (--report-unused-suppressions)
    unused_suppressions: tuple[Finding, ...] = ()


def default_directory() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mlaudit"


def tool_fingerprint() -> bytes:
    """Everything about the linter itself that can change what an analysis produces."""
    from libcst._version import version as libcst_version

    package = Path(mlaudit_lint.__file__).parent
    parts = [mlaudit_lint.__version__, libcst_version, sys.version]
    for module in sorted(package.rglob("*.py")):
        info = module.stat()
        parts.append(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def config_fingerprint(config: Config) -> bytes:
    # `root` is left out on purpose: it is where the table was found, not what it says.
    return repr(
        (
            config.labels,
            config.truth_sources,
            config.select,
            config.ignore,
            config.exclude,
            config.per_file_ignores,
            config.bare_noqa,
        )
    ).encode()


def _facts_type() -> Any:
    from mlaudit_lint.dataflow import ModuleIR

    return ModuleIR


@lru_cache(maxsize=1)
def entry_codec() -> Codec:
    """The codec of every cache entry: the analysis facts, the results, GroupEntry."""
    return Codec([_facts_type(), GroupEntry, Result, LintError])


# What a per-file entry holds: ("facts", facts), ("clean", None) or ("error", LintError).
FILE_ENTRY_KINDS = {"facts": "facts", "clean": type(None), "error": LintError}


def file_entry_type() -> Any:
    return tuple[str, _facts_type() | LintError | None]


def valid_file_entry(entry: Any) -> bool:
    """The kind tag agrees with the value (a decoded entry is already of file_entry_type())."""
    kind, value = entry
    expected = FILE_ENTRY_KINDS.get(kind)
    if expected == "facts":
        expected = _facts_type()
    return expected is not None and type(value) is expected


class ResultsCache:
    """A directory of JSON entries; `directory=None` disables it (reads miss, writes do nothing)."""

    def __init__(self, directory: Path | None):
        self.directory = directory / LAYOUT_VERSION if directory is not None else None
        self._salt = tool_fingerprint() if directory is not None else b""
        self.discarded = 0  # entries found invalid and deleted during this run

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def key(self, *, content: bytes, path: str, module_name: str, config: Config, kind: str) -> str:
        """``kind`` names what the entry holds: a file's facts, its syntax check, or a group's results
        (whose ``content`` is then the digest of every file in the group)."""
        digest = hashlib.blake2b(self._salt, digest_size=20)
        for part in (
            kind.encode(),
            config_fingerprint(config),
            path.encode("utf-8", "surrogateescape"),
            module_name.encode("utf-8", "surrogateescape"),
            content,
        ):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / key

    def get(self, key: str, expected: Any = Any) -> Any | None:
        """The entry stored under `key`, decoded as `expected`; None when absent or invalid."""
        if self.directory is None:
            return None
        path = self._entry_path(key)
        raw = _read_regular_file(path, MAX_ENTRY_BYTES)
        if raw is None:
            return None
        try:
            document = json.loads(raw)
            if (
                not isinstance(document, dict)
                or document.get("format") != FORMAT
                or document.get("key") != key
                or set(document) != {"format", "key", "value"}
            ):
                raise DecodeError("not an mlaudit cache entry for this key")
            return entry_codec().decode(document["value"], expected)
        except (DecodeError, ValueError, RecursionError, MemoryError):
            self.discard(key)
            return None

    def discard(self, key: str) -> None:
        """Delete an entry (invalid, or its data failed when used) so that it is recomputed."""
        if self.directory is None:
            return
        self.discarded += 1
        try:
            os.unlink(self._entry_path(key))
        except OSError:
            pass

    def put(self, key: str, value: Any) -> None:
        """Store an entry; a value the codec cannot carry, or a failed write, stores nothing."""
        if self.directory is None:
            return
        try:
            encoded = entry_codec().encode(value)
            text = json.dumps(
                {"format": FORMAT, "key": key, "value": encoded},
                separators=(",", ":"),
                ensure_ascii=False,
            )
        except (EncodeError, ValueError, RecursionError, MemoryError):
            return  # e.g. facts nested too deeply to write: analysed again next time
        self._write(key, text.encode("utf-8", "surrogatepass"))

    def _write(self, key: str, data: bytes) -> None:
        target = self._entry_path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass  # a full disk or a read-only home costs the cache, never the run


def _read_regular_file(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None for anything else.

    Opened with O_NOFOLLOW and O_NONBLOCK: a symbolic link or a FIFO planted in the cache
    directory is refused without reading through it or blocking on it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            data = stream.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(descriptor)
