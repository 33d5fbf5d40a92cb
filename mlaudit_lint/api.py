"""The linter as a library: generators of `Result`s that the CLI, pre-commit and editors share.

    from mlaudit_lint.api import lint_paths
    for result in lint_paths(["src/"], config_overrides={"labels": ["is_var"]}):
        print(result.path, result.finding or result.error)

`config_overrides` uses the keys of the `[tool.mlaudit]` table (`labels`, `truth-sources`,
`select`, `ignore`, `exclude`, each a list of strings) and is merged on top of every file's
pyproject.toml: `select` replaces the configured selection, the other keys extend it.
Bad overrides raise `ConfigError` (its message names the key) when the generator is first
advanced; an unusable pyproject.toml, and files that cannot be read, parsed or analysed within the
`limits`, are yielded as `Result`s with an `error`, and every other file is still linted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mlaudit_lint import discovery
from mlaudit_lint.config import ConfigError
from mlaudit_lint.engine import lint
from mlaudit_lint.ftypes import LintStats, Result
from mlaudit_lint.workers import Limits

__all__ = ["ConfigError", "Limits", "LintStats", "Result", "lint_paths", "project_roots"]


def lint_paths(
    paths: Iterable[str | os.PathLike[str]],
    config_overrides: Mapping[str, Any] | None = None,
    *,
    jobs: int | None = None,
    cache: bool = True,
    cache_directory: Path | None = None,
    stats: LintStats | None = None,
    limits: Limits | None = None,
    report_unused_suppressions: bool = False,
    touching: Iterable[str | os.PathLike[str]] | None = None,
) -> Iterator[Result]:
    """Lint files and directories; yield one Result per finding or error, ordered by path and line.

    jobs: worker processes (default, and at most: the CPUs this process may use).
    cache: read and write the results cache (see mlaudit_lint.cache for where it lives).
    stats: a LintStats to fill in with the run's counts.
    limits: time and memory bounds per file (mlaudit_lint.workers.Limits).
    report_unused_suppressions: also yield a finding for each suppression comment that silenced
        nothing (code `unused-suppression`).
    touching: report only findings whose trace (source, hops or sink) is in one of these files,
        and only the errors of these files (what the `mlaudit-lint-project` pre-commit hook does
        with the whole project as `paths`).
    """
    results = lint(
        paths,
        config_overrides,
        jobs=jobs,
        use_cache=cache,
        cache_directory=cache_directory,
        stats=stats,
        limits=limits,
        report_unused_suppressions=report_unused_suppressions,
    )
    if touching is None:
        yield from results
        return
    cwd = Path.cwd()
    wanted = {discovery.display_path(Path(os.path.abspath(path)), cwd) for path in touching}
    for result in results:
        if result.finding is not None:
            finding = result.finding
            if finding.path in wanted or any(step.path in wanted for step in finding.trace):
                yield result
        elif result.path in wanted or result.path.endswith("pyproject.toml"):
            yield result


def project_roots(files: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The project of each file: the nearest directory above it with a pyproject.toml, setup.py,
    setup.cfg or .git (else the file's own directory); nested projects collapse to the outer one
    named."""
    roots: set[Path] = set()
    for file in files:
        directory = Path(os.path.abspath(file)).parent
        roots.add(discovery.project_root(directory) or directory)
    ordered = sorted(roots, key=lambda root: len(root.parts))
    kept: list[Path] = []
    for root in ordered:
        if not any(root.is_relative_to(outer) for outer in kept):
            kept.append(root)
    return kept
