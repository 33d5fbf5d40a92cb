"""The `[tool.mlaudit]` table: found walking up from each linted file, validated, merged.

The nearest `pyproject.toml` that has a `[tool.mlaudit]` table wins (one without the table is
passed over, as Fixit and ruff do), so a monorepo can hold several projects with their own
settings. Command-line options merge on top of the file's table.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 ships no TOML reader
    import tomli as tomllib

from mlaudit_lint.ftypes import Config

CONFIG_FILE = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024

# TOML spells keys with dashes; the Config dataclass with underscores. Keys of lists of strings:
KEY_TO_FIELD = {
    "labels": "labels",
    "truth-sources": "truth_sources",
    "select": "select",
    "extend-select": "select",
    "ignore": "ignore",
    "exclude": "exclude",
    "extend-exclude": "exclude",
}
# ... and the keys of other shapes.
PER_FILE_IGNORES = "per-file-ignores"
BARE_NOQA = "bare-noqa"
KNOWN_KEYS = (*KEY_TO_FIELD, PER_FILE_IGNORES, BARE_NOQA)
CODE_KEYS = ("select", "extend-select", "ignore")
COMMAND_LINE = "command line"


class ConfigError(Exception):
    """Bad configuration: the message names the file (or the command line) and the key."""


def parse_table(
    table: Mapping[str, Any], *, source: str, known_codes: Collection[str]
) -> dict[str, Any]:
    """Validate a `[tool.mlaudit]`-shaped mapping; return Config field values.

    ``source`` names where the table came from, so every message says which file to fix.
    `extend-select` adds to `select` (to every rule when `select` is not given) and
    `extend-exclude` to `exclude`, so a shared table can be extended without being repeated.
    """
    lists: dict[str, tuple[str, ...]] = {}
    fields: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            expected = ", ".join(KNOWN_KEYS)
            raise ConfigError(
                f"{source}: unknown key {key!r} in [tool.mlaudit] (expected one of: {expected})"
            )
        if key == BARE_NOQA:
            if not isinstance(value, bool):
                raise ConfigError(
                    f"{source}: [tool.mlaudit] {key} must be true or false, got {value!r}"
                )
            fields["bare_noqa"] = value
        elif key == PER_FILE_IGNORES:
            fields["per_file_ignores"] = _per_file_ignores(
                value, source=source, known_codes=known_codes
            )
        else:
            lists[key] = _strings(value, source=source, key=key)
            if key in CODE_KEYS:
                lists[key] = expand_codes(
                    lists[key], source=source, key=key, known_codes=known_codes
                )
    for key, values in lists.items():
        fields[KEY_TO_FIELD[key]] = values
    if "extend-select" in lists:
        base = lists.get("select") or tuple(sorted(known_codes))
        fields["select"] = base + tuple(c for c in lists["extend-select"] if c not in base)
    if "extend-exclude" in lists:
        fields["exclude"] = lists.get("exclude", ()) + lists["extend-exclude"]
    _check_selection(fields.get("select", ()), fields.get("ignore", ()), source=source)
    return fields


def _strings(value: Any, *, source: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(
            f"{source}: [tool.mlaudit] {key} must be a list of strings, got {value!r}"
        )
    return tuple(item.strip() for item in value)


def _per_file_ignores(
    value: Any, *, source: str, known_codes: Collection[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{source}: [tool.mlaudit] {PER_FILE_IGNORES} must be a table of glob = [codes], "
            f"got {value!r}"
        )
    entries = []
    for glob, codes in value.items():
        key = f"{PER_FILE_IGNORES} {glob!r}"
        listed = _strings(codes, source=source, key=key)
        entries.append(
            (glob, expand_codes(listed, source=source, key=key, known_codes=known_codes))
        )
    return tuple(entries)


def _check_selection(select: tuple[str, ...], ignore: tuple[str, ...], *, source: str) -> None:
    """Selecting rules and ignoring all of them is a contradiction, not a quiet run of nothing."""
    if select and all(code in ignore for code in select):
        codes = ", ".join(select)
        raise ConfigError(
            f"{source}: select ({codes}) and ignore ({', '.join(ignore)}) leave no rule to run"
        )


def expand_codes(
    selectors: Iterable[str], *, source: str, key: str, known_codes: Collection[str]
) -> tuple[str, ...]:
    """Turn code selectors (a code, or a prefix such as ``MLA``) into the exact codes they name.

    An unknown selector is an error rather than a silent no-op: a typo in ``ignore`` would
    otherwise leave a rule running that the user believes is off (and the reverse for ``select``).
    """
    codes: list[str] = []
    for selector in selectors:
        wanted = selector.strip().upper()
        matched = sorted(code for code in known_codes if code.startswith(wanted)) if wanted else []
        if not matched:
            known = ", ".join(sorted(known_codes)) or "none"
            raise ConfigError(f"{source}: {key}: unknown rule code {selector!r} (known: {known})")
        codes.extend(code for code in matched if code not in codes)
    return tuple(codes)


def read_pyproject(path: Path) -> dict[str, Any]:
    """The parsed document; every way a file can be unusable is a ConfigError naming it."""
    from mlaudit_lint.discovery import UnreadableFile, read_source

    try:
        raw = read_source(path, MAX_CONFIG_BYTES)
    except UnreadableFile as error:
        raise ConfigError(f"{path}: {error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "TOML files must be UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{path}: nested too deeply to read") from None


def load_pyproject(path: Path, *, known_codes: Collection[str]) -> Config | None:
    """The Config of one pyproject.toml, or None when it has no `[tool.mlaudit]` table."""
    document = read_pyproject(path)
    tool = document.get("tool")
    if not isinstance(tool, dict) or "mlaudit" not in tool:
        return None
    table = tool["mlaudit"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.mlaudit] must be a table, got {table!r}")
    return Config(root=path.parent, **parse_table(table, source=str(path), known_codes=known_codes))


def merge(
    config: Config, overrides: Mapping[str, Any] | None, *, known_codes: Collection[str]
) -> Config:
    """Command-line options on top of a file's Config.

    ``select`` replaces the configured selection (naming rules on the command line means "these");
    the other keys extend it (``--label`` adds a label, ``--ignore`` silences one more code).
    """
    if not overrides:
        return config
    fields = parse_table(overrides, source=COMMAND_LINE, known_codes=known_codes)
    merged: dict[str, Any] = {}
    for name, values in fields.items():
        if name == "select" or not isinstance(values, tuple):
            merged[name] = values
        else:
            current = getattr(config, name)
            merged[name] = current + tuple(value for value in values if value not in current)
    result = replace(config, **merged)
    where = (
        COMMAND_LINE if config.root is None else f"{COMMAND_LINE} with {config.root / CONFIG_FILE}"
    )
    _check_selection(result.select, result.ignore, source=where)
    return result


class ConfigFinder:
    """Maps each linted file to its Config, reading every pyproject.toml at most once.

    A pyproject.toml that cannot be used (unreadable, not UTF-8, invalid TOML, nested too deeply, a
    bad `[tool.mlaudit]` table) is recorded in `errors` and passed over: the files below it get the
    configuration above it, so one broken file costs a reported error, not the run. Bad
    command-line options are different: they raise ConfigError, before any file is read.
    """

    def __init__(self, overrides: Mapping[str, Any] | None, *, known_codes: Collection[str]):
        self._overrides = dict(overrides or {})
        self._known_codes = known_codes
        self._by_directory: dict[Path, Config] = {}
        self.errors: dict[Path, str] = {}  # unusable pyproject.toml -> one-line reason
        # Validate the overrides up front so a bad --select fails even with no file to lint.
        self._default = merge(Config(), self._overrides, known_codes=known_codes)

    def config_for(self, file: Path) -> Config:
        return self._config_for_directory(file.parent)

    def _config_for_directory(self, directory: Path) -> Config:
        from mlaudit_lint.discovery import MISSING, file_kind

        found = self._by_directory.get(directory)
        if found is not None:
            return found
        candidate = directory / CONFIG_FILE
        own = None
        if file_kind(candidate) != MISSING:
            try:
                own = load_pyproject(candidate, known_codes=self._known_codes)
            except ConfigError as error:
                self.errors[candidate] = str(error)
        if own is not None:
            config = merge(own, self._overrides, known_codes=self._known_codes)
        elif directory.parent != directory:
            config = self._config_for_directory(directory.parent)
        else:
            config = self._default
        self._by_directory[directory] = config
        return config
