"""Which files a run reads: walking directories, excludes, module names, textual imports.

Imports are followed with a regular expression rather than a parse because the engine needs them
*before* deciding which files are worth parsing (see engine.py); a missed import costs at most a
cross-module flow, a spurious one at most a parse.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

from mlaudit_lint.ftypes import Config
from mlaudit_lint.notebooks import NOTEBOOK_SUFFIX

PYTHON_SUFFIXES = (".py", NOTEBOOK_SUFFIX)

# Never descended into while walking a directory (a path named on the command line is still
# linted). Hidden directories (.git, .venv, .tox, caches) and virtual environments are skipped too.
SKIPPED_DIRECTORIES = frozenset(
    {
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
        "env",
        "__pypackages__",
    }
)

_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<source>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*)"
    r"|import[ \t]+(?P<modules>[^\n#;]+))",
    re.MULTILINE,
)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    display: str  # as reported: relative to the working directory when below it, "/" separators
    module_name: str  # dotted, from the package chain (`pkg.features`, or `features` for a script)
    import_root: Path  # the directory the module name is relative to


def display_path(path: Path, cwd: Path) -> str:
    """The path as reports show it: relative to the working directory when below it.

    Bytes of a file name that are not valid in the file system's encoding (Python keeps them as
    lone surrogates) are written `\\xNN`, so every report is valid UTF-8 and names the file the way
    `ls -b` would. Control characters stay: each output format escapes them its own way.
    """
    try:
        shown = path.relative_to(cwd).as_posix()
    except ValueError:
        shown = path.as_posix()
    return printable_name(shown)


def printable_name(name: str) -> str:
    """`name` with the undecodable bytes of a file name (lone surrogates) written as `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        return raw.decode("utf-8", "backslashreplace")


# What a path named on the command line or found while walking turned out to be.
REGULAR, MISSING = "file", "missing"
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def file_kind(path: Path) -> str:
    """REGULAR, MISSING, or why the path cannot be linted, decided by `stat` alone.

    A FIFO, device or socket is never opened (opening a FIFO blocks; reading /dev/zero never ends),
    and a symbolic link is judged by what it points to, so `data.py -> /dev/zero` is a device.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else MISSING
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return REGULAR
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return f"not a regular file ({kind}); skipped"
    return "not a regular file; skipped"


def _is_skipped_directory(directory: Path) -> bool:
    name = directory.name
    return (
        name in SKIPPED_DIRECTORIES
        or name.startswith(".")
        or name.endswith(".egg-info")
        or (directory / "pyvenv.cfg").exists()
        or (directory / "conda-meta").is_dir()
    )


def is_excluded(path: Path, config: Config, cwd: Path) -> bool:
    """Whether a config `exclude` glob covers the path.

    Globs are relative to the directory of the pyproject.toml that set them (the working directory
    for ones given on the command line). A glob matches the path or any directory above it
    (`legacy` or `legacy/*` both exclude everything under `legacy/`); a glob without a `/` also
    matches any single path component (`*_generated.py`, `fixtures`).
    """
    if not config.exclude:
        return False
    root = config.root or cwd
    try:
        relative = PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        relative = PurePosixPath(path.as_posix())
    return any(glob_matches(relative, pattern) for pattern in config.exclude)


def glob_matches(relative: PurePosixPath, pattern: str) -> bool:
    """The path or a directory above it matches; a pattern without `/` matches any one part."""
    pattern = pattern.rstrip("/")
    if any(fnmatchcase(str(prefix), pattern) for prefix in (relative, *relative.parents[:-1])):
        return True
    return "/" not in pattern and any(fnmatchcase(part, pattern) for part in relative.parts)


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Yield (absolute path, `file_kind`) for each named path and each source file found under
    named directories; only paths of kind REGULAR are ever opened."""
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            yield from _walk_directory(path)
        else:
            yield path, file_kind(path)


def _walk_directory(top: Path) -> Iterator[tuple[Path, str]]:
    failures: list[OSError] = []
    for directory, subdirectories, files in os.walk(top, onerror=failures.append):
        while failures:  # a directory that could not be listed is reported, not skipped silently
            failure = failures.pop(0)
            where = Path(failure.filename) if failure.filename else Path(directory)
            yield where, f"cannot read directory: {failure.strerror or failure}"
        base = Path(directory)
        subdirectories[:] = sorted(d for d in subdirectories if not _is_skipped_directory(base / d))
        for name in sorted(files):
            if name.endswith(PYTHON_SUFFIXES):
                yield base / name, file_kind(base / name)
    for failure in failures:
        where = Path(failure.filename) if failure.filename else top
        yield where, f"cannot read directory: {failure.strerror or failure}"


@cache
def _is_package(directory: Path) -> bool:
    return (directory / "__init__.py").is_file()


def module_name_of(path: Path) -> tuple[str, Path]:
    """Dotted module name and import root, following `__init__.py` files up as Python does."""
    parts = [] if path.stem == "__init__" else [path.stem]
    directory = path.parent
    while _is_package(directory) and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts) or path.parent.name, directory


def imported_modules(text: str, module_name: str, *, is_package: bool) -> set[str]:
    """Every dotted name an import statement in the text may load (modules and their parents)."""
    package = module_name if is_package else module_name.rpartition(".")[0]
    found: set[str] = set()
    for match in _IMPORT.finditer(text):
        if match.group("modules"):
            for item in match.group("modules").split(","):
                name = item.split(" as ")[0].strip().rstrip("\\").strip()
                if name:
                    found.add(name)
            continue
        source = match.group("source")
        level = len(source) - len(source.lstrip("."))
        base = source[level:]
        if level:
            anchor = package.split(".") if package else []
            anchor = anchor[: len(anchor) - (level - 1)] if level > 1 else anchor
            base = ".".join([*anchor, base] if base else anchor)
        if not base:
            continue
        found.add(base)
        for item in match.group("names").strip("()").replace("\\", " ").split(","):
            name = item.split(" as ")[0].strip()
            if name and name != "*":
                found.add(f"{base}.{name}")
    expanded = set(found)
    for name in found:
        parts = name.split(".")
        expanded.update(".".join(parts[:index]) for index in range(1, len(parts)))
    return {
        name for name in expanded if name and all(part.isidentifier() for part in name.split("."))
    }


PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


@cache
def project_root(directory: Path) -> Path | None:
    """The nearest directory at or above this one that holds a project marker (pyproject.toml, .git, ...)."""
    if any((directory / marker).exists() for marker in PROJECT_MARKERS):
        return directory
    return None if directory.parent == directory else project_root(directory.parent)


@lru_cache(maxsize=1)
def installation_directories() -> tuple[Path, ...]:
    """Where this interpreter keeps the standard library and installed packages."""
    import sysconfig

    found: set[Path] = set()
    for scheme_vars in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        paths = sysconfig.get_paths(vars=scheme_vars)
        for key in ("stdlib", "platstdlib", "purelib", "platlib"):
            found.add(Path(paths[key]))
    return tuple(sorted(found))


def is_installed(path: Path) -> bool:
    """Whether a file belongs to the standard library or an installed package, not to a project."""
    return "site-packages" in path.parts or any(
        path.is_relative_to(d) for d in installation_directories()
    )


@lru_cache(maxsize=4096)
def resolve(module: str, search_roots: tuple[Path, ...]) -> Path | None:
    """The absolute path of a dotted module under the first search root that has it, else None."""
    relative = Path(*module.split("."))
    for root in search_roots:
        for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
            if candidate.is_file():
                return Path(os.path.abspath(candidate))
    return None


def forget_file_system() -> None:
    """Drop what the lookups above remember, so a long-lived process (an editor) sees new files."""
    for cached in (_is_package, project_root, resolve):
        cached.cache_clear()


# Larger source files are reported, not read: a generated 16 MB module is data, not code to audit,
# and its parse would need gigabytes.
MAX_SOURCE_BYTES = 16 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot be linted; the message is the reason, for a one-line report."""


def read_source(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, opened so that nothing can block or run away.

    The file is opened non-blocking (a FIFO swapped in after `file_kind` looked cannot hang the
    run), checked to be a regular file on the open descriptor, and read up to `limit` bytes.
    """
    limit = MAX_SOURCE_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file; skipped")
        if info.st_size > limit:
            raise UnreadableFile(_too_large(info.st_size, limit))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnreadableFile(_too_large(size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def _too_large(size: int, limit: int) -> str:
    return f"too large to analyse ({_human(size)}; the limit is {_human(limit)})"


def _human(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.1f} kB"
