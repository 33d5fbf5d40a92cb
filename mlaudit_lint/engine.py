"""One lint run: discover, pre-check, parse once, summarize (cached, in workers), link, report.

The data path:
1. discovery.walk() lists the files; each gets the Config of its nearest pyproject.toml, and files
   covered by an `exclude` glob drop out. Files sharing a Config form a group, linted together.
2. Each file is read once. If the group's files (paths and bytes), the config and the tool are all
   unchanged since a previous run, its results come straight from the cache (step 6).
3. `dataflow.may_contain_flows` (a textual check) picks the candidates. A file that can hold neither
   a source nor a sink is not analysed, unless a candidate imports it (transitively): its function
   summaries may carry the flow between two candidates. An import that leaves the named files (a
   pre-commit run names only the changed ones) is followed on disk within the importing file's
   project and analysed as context; findings are reported when they touch a named file.
4. Each file to analyse is parsed with libcst and summarized exactly once, in worker processes when
   there is enough work; every other named file gets a syntax check (a broken file is reported
   whatever it holds). Both are cached per file.
5. `rules.run_rules` links the summaries across modules and runs the rules.
6. The group's results are cached under a key of every input, so an unchanged tree is not linked
   again; an edit to one file re-runs steps 3-5, with the other files' summaries from the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from mlaudit_lint import discovery, notebooks
from mlaudit_lint.cache import ResultsCache, default_directory
from mlaudit_lint.config import ConfigFinder
from mlaudit_lint.ftypes import Config, Finding, LintError, LintStats, Result
from mlaudit_lint.workers import CHECK, SUMMARIZE, Task, Workers


def known_codes() -> frozenset[str]:
    from mlaudit_lint.rules import ALL_RULES

    return frozenset(rule.CODE for rule in ALL_RULES)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def content_digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=20).digest()


@dataclass(eq=False)  # files are compared by identity: two reads of one path are two files
class _File:
    source: discovery.SourceFile
    named: bool  # named by the run (findings reported), or context reached through an import
    content: bytes = b""
    digest: bytes = b""
    error: LintError | None = None
    entry: tuple[str, Any] | None = (
        None  # ("facts", ModuleFacts), ("clean", None) or ("error", LintError)
    )
    candidate: bool = False  # kept by the textual pre-check
    _text: str | None = None

    @classmethod
    def read(cls, path: Path, display: str, *, named: bool) -> _File:
        module_name, import_root = discovery.module_name_of(path)
        file = cls(discovery.SourceFile(path, display, module_name, import_root), named)
        try:
            file.content = path.read_bytes()
        except OSError as error:
            file.error = LintError(display, 0, 0, f"cannot read file: {error.strerror or error}")
        file.digest = content_digest(file.content)
        return file

    @property
    def text(self) -> str:
        """The Python text (a notebook's code cells), decoded on first use; "" if it cannot be."""
        if self._text is None:
            self._text = ""
            if self.error is None:
                try:
                    self._text = decode_source(self.source.path, self.content, self.source.display)
                except _DecodeError as failure:
                    self.error = failure.error
        return self._text


class _DecodeError(Exception):
    def __init__(self, error: LintError):
        self.error = error


def decode_source(path: Path, content: bytes, display: str) -> str:
    """A file's Python text: PEP 263 encodings honoured, notebooks turned into their code cells."""
    if notebooks.is_notebook(path):
        try:
            return notebooks.to_python(content.decode("utf-8")).text
        except UnicodeDecodeError:
            raise _DecodeError(
                LintError(display, 1, 1, "cannot read notebook: not UTF-8")
            ) from None
        except notebooks.NotebookError as error:
            raise _DecodeError(
                LintError(display, error.line, error.column, error.message)
            ) from None
    try:
        encoding, _ = tokenize.detect_encoding(BytesIO(content).readline)
        return content.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        message = getattr(error, "msg", None) or str(error)
        raise _DecodeError(LintError(display, 1, 1, f"cannot decode file: {message}")) from None


@dataclass
class _Group:
    config: Config
    files: dict[Path, _File] = field(default_factory=dict)


@dataclass
class _Run:
    cache: ResultsCache
    workers: Workers
    cwd: Path
    stats: LintStats


def lint(
    paths: Iterable[str | os.PathLike[str]],
    overrides: Mapping[str, Any] | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_directory: Path | None = None,
    stats: LintStats | None = None,
) -> Iterator[Result]:
    stats = stats if stats is not None else LintStats()
    cwd = Path.cwd()
    discovery.forget_file_system()
    finder = ConfigFinder(overrides, known_codes=known_codes())
    cache = ResultsCache((cache_directory or default_directory()) if use_cache else None)
    run = _Run(cache, Workers(jobs or default_jobs()), cwd, stats)

    groups: dict[Config, _Group] = {}
    for path, exists in discovery.walk(paths):
        display = discovery.display_path(path, cwd)
        if not exists:
            stats.errors += 1
            yield Result(display, error=LintError(display, 0, 0, "no such file or directory"))
            continue
        config = finder.config_for(path)
        if discovery.is_excluded(path, config, cwd):
            continue
        group = groups.setdefault(config, _Group(config))
        if path not in group.files:
            group.files[path] = _File.read(path, display, named=True)
            stats.files += 1

    try:
        for group in groups.values():
            results = _lint_group(group, run)
            stats.errors += sum(1 for result in results if result.error)
            stats.findings += sum(1 for result in results if result.finding)
            yield from results
    finally:
        run.workers.close()


def _group_key(group: _Group, cache: ResultsCache) -> str:
    named = sorted(
        (file.source.display, file.source.module_name, file.digest)
        for file in group.files.values()
        if file.named
    )
    return cache.key(
        content=pickle.dumps(named), path="", module_name="", config=group.config, kind="group"
    )


def _lint_group(group: _Group, run: _Run) -> list[Result]:
    """Every result of one group, sorted; from the cache when nothing it depends on changed."""
    key = _group_key(group, run.cache)
    cached = run.cache.get(key)
    if cached is not None:
        context, counts, results = cached
        if all(_still_same(Path(path), digest) for path, digest in context):
            run.stats.candidates += counts[0]
            run.stats.analysed += counts[1]
            run.stats.cached += counts[1]
            return results
    analysed, results = _analyse_group(group, run)
    context = [(str(f.source.path), f.digest) for f in analysed if not f.named]
    counts = (sum(1 for f in analysed if f.named and f.candidate), len(analysed))
    run.cache.put(key, (context, counts, results))
    return results


def _still_same(path: Path, digest: bytes) -> bool:
    try:
        return content_digest(path.read_bytes()) == digest
    except OSError:
        return False


def _analyse_group(group: _Group, run: _Run) -> tuple[list[_File], list[Result]]:
    from mlaudit_lint.dataflow import may_contain_flows

    config = group.config
    named = [file for file in group.files.values() if file.named]
    for file in named:
        file.candidate = bool(file.text) and may_contain_flows(file.text, config)
    to_analyse = [file for file in named if file.candidate]
    run.stats.candidates += len(to_analyse)
    _add_imported(group, to_analyse, run.cwd)
    # Files that cannot hold a flow still get a syntax check: a broken file is reported whatever it holds.
    chosen = {id(file) for file in to_analyse}
    to_check = [file for file in named if file.error is None and id(file) not in chosen]
    work = [(file, SUMMARIZE) for file in to_analyse] + [(file, CHECK) for file in to_check]

    tasks: list[Task] = []
    for index, (file, mode) in enumerate(work):
        source = file.source
        key = run.cache.key(
            content=file.digest,
            path=source.display,
            module_name=source.module_name,
            config=config,
            kind=mode,
        )
        file.entry = run.cache.get(key)
        if file.entry is not None:
            run.stats.cached += mode == SUMMARIZE
        else:
            tasks.append((index, mode, file.text, source.display, source.module_name, config, key))
    for index, data in run.workers.run(tasks, run.cache):
        work[index][0].entry = pickle.loads(data)
    run.stats.analysed += len(to_analyse)

    results = [Result(file.source.display, error=file.error) for file in named if file.error]
    for file, _mode in work:
        kind, value = file.entry
        if (
            kind == "error" and file.named
        ):  # an unparsable context file is the user's other business
            results.append(Result(file.source.display, error=value))
    named_paths = {file.source.display for file in named}
    try:
        results.extend(
            Result(f.path, finding=f) for f in _findings(to_analyse, config, named_paths)
        )
    except Exception as error:  # a rule bug must not hide the other results behind a traceback
        where = discovery.display_path(config.root, run.cwd) if config.root else "."
        message = f"internal error in rules: {type(error).__name__}: {error}"
        results.append(Result(where, error=LintError(where, 0, 0, message)))
    results.sort(key=_result_order)
    return to_analyse, results


def _add_imported(group: _Group, to_analyse: list[_File], cwd: Path) -> None:
    """Extend `to_analyse` with every file its members import, transitively (see module docstring).

    An import may reach a file the run did not name only inside the importing file's project (the
    nearest directory with a pyproject.toml, setup.py, setup.cfg or .git), and never in the
    standard library or an installed package: the linter reads your code, not its dependencies.
    """
    chosen = {file.source.path for file in to_analyse}
    queue = list(to_analyse)
    while queue:
        file = queue.pop()
        source = file.source
        project = discovery.project_root(source.path.parent)
        search_roots = [source.import_root]
        for root in (group.config.root, project):
            if root is not None and root not in search_roots:
                search_roots += [root, root / "src"]
        is_package = source.path.name == "__init__.py"
        for module in sorted(
            discovery.imported_modules(file.text, source.module_name, is_package=is_package)
        ):
            path = discovery.resolve(module, tuple(search_roots))
            if path is None or path in chosen:
                continue
            imported = group.files.get(path)
            if imported is None:
                if (
                    project is None
                    or not path.is_relative_to(project)
                    or discovery.is_installed(path)
                ):
                    continue
                if discovery.is_excluded(path, group.config, cwd):
                    continue
                imported = _File.read(path, discovery.display_path(path, cwd), named=False)
                group.files[path] = imported
            chosen.add(path)
            if imported.text and imported.error is None:
                to_analyse.append(imported)
                queue.append(imported)


def _partitions(files: list[_File]) -> list[list[_File]]:
    """Sets of files to link together: one, unless two files claim the same module name.

    The cross-module pass keys modules by dotted name, so two top-level `train.py` of two example
    directories would shadow each other. Then each import root is linked on its own, with every
    file of the other roots whose name is unambiguous.
    """
    counts: dict[str, int] = {}
    for file in files:
        counts[file.source.module_name] = counts.get(file.source.module_name, 0) + 1
    if all(count == 1 for count in counts.values()):
        return [files]
    roots = sorted({file.source.import_root for file in files})
    return [
        [f for f in files if f.source.import_root == root or counts[f.source.module_name] == 1]
        for root in roots
    ]


def _findings(analysed: list[_File], config: Config, named: set[str]) -> list[Finding]:
    """run_rules over the group, kept to findings that touch a named file, each once."""
    from mlaudit_lint.rules import run_rules

    found: dict[Finding, None] = {}
    for partition in _partitions([file for file in analysed if file.entry[0] == SUMMARIZE]):
        facts = {file.source.display: file.entry[1] for file in partition}
        for finding in run_rules(facts, config) if facts else ():
            if finding.path in named or any(step.path in named for step in finding.trace):
                found.setdefault(finding)
    return list(found)


def _result_order(result: Result) -> tuple:
    item = result.finding or result.error
    return (result.path, item.line, item.column, getattr(item, "code", ""), item.message)
