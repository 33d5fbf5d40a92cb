"""The linter as a library: generators of `Result`s that the CLI, pre-commit and editors share.

    from mlaudit_lint.api import lint_paths
    for result in lint_paths(["src/"], config_overrides={"labels": ["is_var"]}):
        print(result.path, result.finding or result.error)

`config_overrides` uses the keys of the `[tool.mlaudit]` table (`labels`, `truth-sources`,
`select`, `ignore`, `exclude`, each a list of strings) and is merged on top of every file's
pyproject.toml: `select` replaces the configured selection, the other keys extend it.
Bad configuration raises `ConfigError` (its message names the file and the key) when the generator
is first advanced; unreadable or unparsable files are yielded as `Result`s with an `error`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mlaudit_lint.config import ConfigError
from mlaudit_lint.engine import lint
from mlaudit_lint.ftypes import LintStats, Result

__all__ = ["ConfigError", "LintStats", "Result", "lint_paths"]


def lint_paths(
    paths: Iterable[str | os.PathLike[str]],
    config_overrides: Mapping[str, Any] | None = None,
    *,
    jobs: int | None = None,
    cache: bool = True,
    cache_directory: Path | None = None,
    stats: LintStats | None = None,
) -> Iterator[Result]:
    """Lint files and directories; yield one Result per finding or error, ordered by path and line.

    jobs: worker processes (default: every core this process may use; 1 = in this process).
    cache: read and write the results cache (see mlaudit_lint.cache for where it lives).
    stats: a LintStats to fill in with the run's counts.
    """
    yield from lint(
        paths,
        config_overrides,
        jobs=jobs,
        use_cache=cache,
        cache_directory=cache_directory,
        stats=stats,
    )
