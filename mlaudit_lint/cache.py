"""The results cache: per-file analysis facts keyed by content, config and tool version.

Where: `$MLAUDIT_CACHE_DIR` if set, else `$XDG_CACHE_HOME/mlaudit` (default `~/.cache/mlaudit`).
A per-user directory rather than a `.mlaudit_cache/` in the project: it works for read-only trees
(the standard library, a mounted checkout), needs no `.gitignore` line, and is shared by every
checkout of the same code.

What: one pickle per analysed file, named by a digest of everything the facts depend on: the file's
bytes (their digest), its path and dotted module name (both are recorded inside the facts), the analysis
settings, and the tool itself (version, libcst version, Python version, and the size and
modification time of every module of the linter, so an edited rule never reads stale facts).

Safe under concurrent writers: an entry is written to a temporary file in the same directory and
moved into place with `os.replace`, which is atomic, so a reader sees a whole entry or none. A
corrupt or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import mlaudit_lint
from mlaudit_lint.ftypes import Config

CACHE_ENV = "MLAUDIT_CACHE_DIR"
LAYOUT_VERSION = "v1"


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
        stat = module.stat()
        parts.append(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def config_fingerprint(config: Config) -> bytes:
    # `root` is left out on purpose: it is where the table was found, not what it says.
    return repr(
        (config.labels, config.truth_sources, config.select, config.ignore, config.exclude)
    ).encode()


class ResultsCache:
    """A directory of pickled entries; `directory=None` disables it (reads miss, writes do nothing)."""

    def __init__(self, directory: Path | None):
        self.directory = directory / LAYOUT_VERSION if directory is not None else None
        self._salt = tool_fingerprint() if directory is not None else b""

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
            path.encode(),
            module_name.encode(),
            content,
        ):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / key

    def get_bytes(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            return self._entry_path(key).read_bytes()
        except OSError:
            return None

    def get(self, key: str) -> Any | None:
        data = self.get_bytes(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a truncated or foreign file is a miss, never a crash
            return None

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store an already pickled entry; failures (full disk, read-only home) are ignored."""
        if self.directory is None:
            return
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
            pass

    def put(self, key: str, entry: Any) -> None:
        self.put_bytes(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
