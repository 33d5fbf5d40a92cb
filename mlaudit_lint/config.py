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

# TOML spells keys with dashes; the Config dataclass with underscores.
KEY_TO_FIELD = {
    "labels": "labels",
    "truth-sources": "truth_sources",
    "select": "select",
    "ignore": "ignore",
    "exclude": "exclude",
}
CODE_KEYS = ("select", "ignore")
COMMAND_LINE = "command line"


class ConfigError(Exception):
    """Bad configuration: the message names the file (or the command line) and the key."""


def parse_table(
    table: Mapping[str, Any], *, source: str, known_codes: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Validate a `[tool.mlaudit]`-shaped mapping; return Config field values.

    ``source`` names where the table came from, so every message says which file to fix.
    """
    fields: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in KEY_TO_FIELD:
            expected = ", ".join(KEY_TO_FIELD)
            raise ConfigError(
                f"{source}: unknown key {key!r} in [tool.mlaudit] (expected one of: {expected})"
            )
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(
                f"{source}: [tool.mlaudit] {key} must be a list of strings, got {value!r}"
            )
        items = tuple(item.strip() for item in value)
        if key in CODE_KEYS:
            items = expand_codes(items, source=source, key=key, known_codes=known_codes)
        fields[KEY_TO_FIELD[key]] = items
    return fields


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


def load_pyproject(path: Path, *, known_codes: Collection[str]) -> Config | None:
    """The Config of one pyproject.toml, or None when it has no `[tool.mlaudit]` table."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
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
    merged: dict[str, tuple[str, ...]] = {}
    for name, values in fields.items():
        if name == "select":
            merged[name] = values
        else:
            current = getattr(config, name)
            merged[name] = current + tuple(value for value in values if value not in current)
    return replace(config, **merged)


class ConfigFinder:
    """Maps each linted file to its Config, reading every pyproject.toml at most once."""

    def __init__(self, overrides: Mapping[str, Any] | None, *, known_codes: Collection[str]):
        self._overrides = dict(overrides or {})
        self._known_codes = known_codes
        self._by_directory: dict[Path, Config] = {}
        # Validate the overrides up front so a bad --select fails even with no file to lint.
        self._default = merge(Config(), self._overrides, known_codes=known_codes)

    def config_for(self, file: Path) -> Config:
        return self._config_for_directory(file.parent)

    def _config_for_directory(self, directory: Path) -> Config:
        found = self._by_directory.get(directory)
        if found is not None:
            return found
        candidate = directory / CONFIG_FILE
        own = (
            load_pyproject(candidate, known_codes=self._known_codes)
            if candidate.is_file()
            else None
        )
        if own is not None:
            config = merge(own, self._overrides, known_codes=self._known_codes)
        elif directory.parent != directory:
            config = self._config_for_directory(directory.parent)
        else:
            config = self._default
        self._by_directory[directory] = config
        return config
