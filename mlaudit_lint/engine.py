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
import json
import os
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from mlaudit_lint import discovery, notebooks
from mlaudit_lint.cache import (
    GroupEntry,
    ResultsCache,
    default_directory,
    file_entry_type,
    valid_file_entry,
)
from mlaudit_lint.config import ConfigFinder
from mlaudit_lint.ftypes import Config, Finding, LintError, LintStats, Result
from mlaudit_lint.suppression import Suppressor
from mlaudit_lint.workers import CHECK, SUMMARIZE, Limits, Task, Workers, bounded_call


def known_codes() -> frozenset[str]:
    from mlaudit_lint.rules import ALL_RULES

    return frozenset(rule.CODE for rule in ALL_RULES)


def default_jobs() -> int:
    """The number of CPUs this process may use: the default, and the cap, of `jobs`."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def code_prefixes() -> frozenset[str]:
    """`MLA` for MLA001: a `noqa` code with another prefix belongs to another tool."""
    return frozenset(code.rstrip("0123456789") for code in known_codes())


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
    families: frozenset[int] = frozenset()  # the rule families whose pre-check kept it
    imports: list[_File] = field(default_factory=list)  # the analysed files it imports
    from_cache: bool = False  # its entry was read from the results cache
    _text: str | None = None

    @classmethod
    def read(cls, path: Path, display: str, *, named: bool) -> _File:
        module_name, import_root = discovery.module_name_of(path)
        file = cls(discovery.SourceFile(path, display, module_name, import_root), named)
        try:
            file.content = discovery.read_source(path)
        except discovery.UnreadableFile as error:
            file.error = LintError(display, 0, 0, str(error))
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
                except (RecursionError, MemoryError, ValueError) as error:  # one file, one line
                    message = f"cannot read file: {type(error).__name__}: {error}"
                    self.error = LintError(self.source.display, 0, 0, message)
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
    limits: Limits
    cwd: Path
    stats: LintStats
    report_unused_suppressions: bool


def lint(
    paths: Iterable[str | os.PathLike[str]],
    overrides: Mapping[str, Any] | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_directory: Path | None = None,
    stats: LintStats | None = None,
    limits: Limits | None = None,
    report_unused_suppressions: bool = False,
) -> Iterator[Result]:
    stats = stats if stats is not None else LintStats()
    cwd = Path.cwd()
    discovery.forget_file_system()
    finder = ConfigFinder(overrides, known_codes=known_codes())
    cache = ResultsCache((cache_directory or default_directory()) if use_cache else None)
    limits = limits or Limits()
    # More workers than CPUs only adds memory and contention (the CLI says when it caps).
    workers = Workers(min(jobs or default_jobs(), default_jobs()), limits=limits, cache=cache)
    run = _Run(cache, workers, limits, cwd, stats, report_unused_suppressions)

    groups: dict[Config, _Group] = {}
    for path, kind in discovery.walk(paths):
        display = discovery.display_path(path, cwd)
        if kind == discovery.MISSING:
            stats.errors += 1
            yield Result(display, error=LintError(display, 0, 0, "no such file or directory"))
            continue
        config = finder.config_for(path)
        if discovery.is_excluded(path, config, cwd):
            continue
        if kind != discovery.REGULAR:  # a FIFO, device, socket, dangling link: never opened
            stats.files += 1
            stats.errors += 1
            yield Result(display, error=LintError(display, 0, 0, kind))
            continue
        group = groups.setdefault(config, _Group(config))
        if path not in group.files:
            group.files[path] = _File.read(path, display, named=True)
            stats.files += 1
    for pyproject, message in sorted(finder.errors.items()):
        shown = discovery.display_path(pyproject, cwd)
        message = message.removeprefix(f"{pyproject}: ")
        stats.errors += 1
        yield Result(
            shown,
            error=LintError(shown, 0, 0, f"{message} (files below it linted without it)"),
        )

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
        (file.source.display, file.source.module_name, file.digest.hex())
        for file in group.files.values()
        if file.named
    )
    return cache.key(
        content=json.dumps(named).encode(),
        path="",
        module_name="",
        config=group.config,
        kind="group",
    )


def _lint_group(group: _Group, run: _Run) -> list[Result]:
    """Every result of one group, sorted; from the cache when nothing it depends on changed."""
    key = _group_key(group, run.cache)
    cached = run.cache.get(key, GroupEntry)
    if cached is not None and all(
        _still_same(Path(path), digest) for path, digest in cached.context
    ):
        run.stats.candidates += cached.candidates
        run.stats.analysed += cached.analysed
        run.stats.cached += cached.analysed
        entry = cached
    else:
        analysed, results, unused = _analyse_group(group, run)
        entry = GroupEntry(
            context=tuple((str(f.source.path), f.digest.hex()) for f in analysed if not f.named),
            candidates=sum(1 for f in analysed if f.named and f.candidate),
            analysed=len(analysed),
            results=tuple(results),
            unused_suppressions=tuple(unused),
        )
        run.cache.put(key, entry)
    results = list(entry.results)
    if run.report_unused_suppressions and entry.unused_suppressions:
        results.extend(Result(f.path, finding=f) for f in entry.unused_suppressions)
        results.sort(key=_result_order)
    return results


def _still_same(path: Path, digest: str) -> bool:
    try:
        return content_digest(discovery.read_source(path)).hex() == digest
    except discovery.UnreadableFile:
        return False


def _analyse_group(group: _Group, run: _Run) -> tuple[list[_File], list[Result], list[Finding]]:
    """(files analysed, results, unused suppressions of named files)."""
    from mlaudit_lint.rules import family_may_match, rule_families

    config = group.config
    families = rule_families(config)
    named = [file for file in group.files.values() if file.named]
    for file in named:
        file.families = frozenset(
            index
            for index, family in enumerate(families)
            if file.text and family_may_match(file.text, family, config)
        )
        file.candidate = bool(file.families)
    to_analyse = [file for file in named if file.candidate]
    run.stats.candidates += len(to_analyse)
    _add_imported(group, to_analyse, run.cwd)
    # Files that cannot hold a flow still get a syntax check: a broken file is reported whatever it holds.
    chosen = {id(file) for file in to_analyse}
    to_check = [file for file in named if file.error is None and id(file) not in chosen]
    work = [(file, SUMMARIZE) for file in to_analyse] + [(file, CHECK) for file in to_check]
    _compute_entries(work, config, run, read_cache=True)
    run.stats.analysed += len(to_analyse)

    results = [Result(file.source.display, error=file.error) for file in named if file.error]
    for file, _mode in work:
        kind, value = file.entry
        if kind == "error" and file.named:  # an unparsable context file is not this run's report
            results.append(Result(file.source.display, error=value))
    named_paths = {file.source.display for file in named}
    findings, link_errors = [], []
    for index, family in enumerate(families):
        members = _closure(to_analyse, [file for file in to_analyse if index in file.families])
        found, errors = _link(members, config, named_paths, run, family)
        findings += found
        link_errors += errors
    results.extend(link_errors)

    by_display = {file.source.display: file for file in group.files.values()}
    suppressor = Suppressor(
        lambda path: by_display[path].text if path in by_display else None,
        code_prefixes=code_prefixes(),
        bare_noqa=config.bare_noqa,
    )
    kept = [f for f in findings if not _ignored_for_file(f, config, run.cwd)]
    results.extend(Result(f.path, finding=f) for f in suppressor.keep(kept))
    results.sort(key=_result_order)
    unused = suppressor.unused(
        sorted(file.source.display for file in named if file.error is None),
        selected=lambda path, code: _runs(code, path, config, run.cwd),
    )
    return to_analyse, results, unused


def _compute_entries(
    work: list[tuple[_File, str]], config: Config, run: _Run, *, read_cache: bool
) -> None:
    """Give every file its entry: from the cache when valid, else from a worker."""
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
        file.entry, file.from_cache = None, False
        if read_cache:
            entry = run.cache.get(key, file_entry_type())
            if entry is not None and _entry_fits(entry, file, mode):
                file.entry, file.from_cache = entry, True
                run.stats.cached += mode == SUMMARIZE
            elif entry is not None:
                run.cache.discard(key)
        if file.entry is None:
            tasks.append(
                Task(index, mode, file.text, source.display, source.module_name, config, key)
            )
    for index, entry in run.workers.run(tasks):
        work[index][0].entry = entry


def _entry_fits(entry: tuple[str, Any], file: _File, mode: str) -> bool:
    """A decoded entry is of the right type; is it also the entry of this file and this task?"""
    if not valid_file_entry(entry):
        return False
    kind, value = entry
    if mode == CHECK:
        return kind in ("clean", "error")
    if kind == "facts":
        return (
            getattr(value, "path", file.source.display) == file.source.display
            and getattr(value, "module_name", file.source.module_name) == file.source.module_name
        )
    return kind in ("error", "clean")  # "clean": newer syntax than this Python, not analysed


# The cross-module pass sees every analysed file at once, so it gets more room than one file.
LINK_TIME_FACTOR = 10
LINK_MEMORY_FACTOR = 2


def _closure(analysed: list[_File], files: list[_File]) -> list[_File]:
    """`files` and every file of `analysed` they import, transitively, in `analysed` order."""
    allowed = {id(file) for file in analysed}
    chosen = {id(file) for file in files}
    queue = list(files)
    while queue:
        for imported in queue.pop().imports:
            if id(imported) not in chosen and id(imported) in allowed:
                chosen.add(id(imported))
                queue.append(imported)
    return [file for file in analysed if id(file) in chosen]


def _link(
    files: list[_File], config: Config, named: set[str], run: _Run, family: tuple = ()
) -> tuple[list[Finding], list[Result]]:
    """The findings of one rule family (`rules.rule_families`: MLA001; MLA002-MLA004) over a
    group's analysed files, linked in a bounded child process. Each family is linked on its own,
    under its own budget: one that fails costs its own rules' findings only, and every error
    below names its rules.

    If the link fails (a bound, a crash, an exception in a rule), facts read from the cache are
    distrusted first: they are recomputed and the link retried. If it still fails and the group
    spans several import roots, each root is linked on its own; a root (or a group of one root)
    that still fails has each file linked alone to find the ones that cannot be: those are
    reported ("too complex to analyse") and the others linked together again; if that fails too,
    the findings of the files linked alone are kept and one error names the files' folder.
    """
    linked = [file for file in files if file.entry[0] == SUMMARIZE]
    if not linked:
        return [], []
    link_limits = Limits(
        seconds=run.limits.seconds * LINK_TIME_FACTOR,
        memory_mb=run.limits.memory_mb * LINK_MEMORY_FACTOR,
    )
    outcome = bounded_call(lambda: _findings(linked, config, named, family), limits=link_limits)
    if outcome.ok:
        return outcome.value, []
    cached = [file for file in linked if file.from_cache]
    if cached:
        for file in cached:
            run.cache.discard(_file_key(file, config, run.cache))
        _compute_entries([(file, SUMMARIZE) for file in cached], config, run, read_cache=False)
        linked = [file for file in linked if file.entry[0] == SUMMARIZE]
        outcome = bounded_call(lambda: _findings(linked, config, named, family), limits=link_limits)
        if outcome.ok:
            return outcome.value, []

    # the group is too much at once: link each import root on its own (with what it imports),
    # so one heavy project among several costs its own files, not the whole run
    parts = _root_partitions(linked)
    if len(parts) > 1:
        findings: dict[Finding, None] = {}
        errors: list[Result] = []
        for part in parts:
            outcome = bounded_call(
                lambda part=part: _findings(part, config, named, family), limits=link_limits
            )
            if outcome.ok:
                findings.update(dict.fromkeys(outcome.value))
                continue
            part_findings, part_errors = _link_files_alone(
                part, config, named, run, link_limits, outcome, family
            )
            findings.update(dict.fromkeys(part_findings))
            errors.extend(part_errors)
        return list(findings), errors
    return _link_files_alone(linked, config, named, run, link_limits, outcome, family)


def _link_files_alone(
    linked: list[_File],
    config: Config,
    named: set[str],
    run: _Run,
    link_limits: Limits,
    outcome: Any,
    family: tuple = (),
) -> tuple[list[Finding], list[Result]]:
    """Link each file alone to find the ones that cannot be linked (reported), then the others
    together; if that fails too, keep the findings of the files linked alone and name the
    files' common folder in one error."""
    errors: list[Result] = []
    alone: dict[Finding, None] = {}
    fine: list[_File] = []
    for file in linked:
        solo = bounded_call(
            lambda file=file: _findings([file], config, named, family), limits=run.limits
        )
        if solo.ok:
            fine.append(file)
            alone.update(dict.fromkeys(solo.value))
        else:
            errors.append(_link_error(file.source.display, solo, "while linking", family))
    if errors and not fine:
        return [], errors
    if errors:  # the files at fault are named; link the others without them
        outcome = bounded_call(lambda: _findings(fine, config, named, family), limits=link_limits)
        if outcome.ok:
            return outcome.value, errors
    errors.append(_link_error(_common_folder(linked), outcome, _linking(linked), family))
    return list(alone), errors


def _linking(files: list[_File], shown: int = 5) -> str:
    """`linking 3 files: a.py, b.py, c.py` (the first few named)."""
    names = sorted(file.source.display for file in files)
    more = f", ... ({len(names) - shown} more)" if len(names) > shown else ""
    return f"linking {len(names)} files: {', '.join(names[:shown])}{more}"


def _common_folder(files: list[_File]) -> str:
    """The folder that holds all `files`, as they were named on the command line."""
    displays = [file.source.display for file in files]
    try:
        common = os.path.commonpath(displays)
    except ValueError:  # absolute and relative paths mixed
        return "."
    if len(displays) == 1 or common in displays:
        common = os.path.dirname(common)
    return common or "."


def _link_error(path: str, outcome: Any, what: str, family: tuple = ()) -> Result:
    rules = ", ".join(rule.CODE for rule in family) or "all rules"
    if outcome.crashed:  # an exception in the engine or a rule: a bug, say so
        message = f"internal error in rules {rules}: {outcome.reason}"
    else:
        message = f"too complex to analyse for {rules} ({outcome.reason}, {what})"
    return Result(path, error=LintError(path, 0, 0, message))


def _file_key(file: _File, config: Config, cache: ResultsCache) -> str:
    source = file.source
    return cache.key(
        content=file.digest,
        path=source.display,
        module_name=source.module_name,
        config=config,
        kind=SUMMARIZE,
    )


def _relative_to_config(path: str, config: Config, cwd: Path) -> PurePosixPath:
    absolute = Path(path) if os.path.isabs(path) else cwd / path
    try:
        return PurePosixPath(absolute.relative_to(config.root or cwd).as_posix())
    except ValueError:
        return PurePosixPath(absolute.as_posix())


def _ignored_for_file(finding: Finding, config: Config, cwd: Path) -> bool:
    """`per-file-ignores`: the reported file matches a glob that lists the finding's code."""
    if not config.per_file_ignores:
        return False
    relative = _relative_to_config(finding.path, config, cwd)
    return any(
        finding.code in codes and discovery.glob_matches(relative, glob)
        for glob, codes in config.per_file_ignores
    )


def _runs(code: str, path: str, config: Config, cwd: Path) -> bool:
    """Whether rule `code` ran for `path` (selected, not ignored for the file); unknown codes do."""
    if code not in known_codes():
        return True
    if config.select and code not in config.select:
        return False
    if code in config.ignore:
        return False
    relative = _relative_to_config(path, config, cwd)
    return not any(
        code in codes and discovery.glob_matches(relative, glob)
        for glob, codes in config.per_file_ignores
    )


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
            if path is None:
                continue
            if path in chosen:
                known = group.files.get(path)
                if known is not None and known is not file and known not in file.imports:
                    file.imports.append(known)
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
                file.imports.append(imported)


def _partitions(files: list[_File]) -> list[list[_File]]:
    """Sets of files to link together: one, unless two files claim the same module name.

    The cross-module pass keys modules by dotted name, so two top-level `train.py` of two example
    directories would shadow each other. Then each import root is linked on its own, with the
    files of other roots its files import (transitively) by a name no other file claims: a file
    is never linked with code that cannot import it, so it is never taken for an entry point of a
    program it does not belong to.
    """
    counts: dict[str, int] = {}
    for file in files:
        counts[file.source.module_name] = counts.get(file.source.module_name, 0) + 1
    if all(count == 1 for count in counts.values()):
        return [files]
    return _root_partitions(files, counts)


def _root_partitions(files: list[_File], counts: dict[str, int] | None = None) -> list[list[_File]]:
    """Each import root's files with the files of other roots they import (transitively) by a
    name no other file claims."""
    if counts is None:
        counts = {}
        for file in files:
            counts[file.source.module_name] = counts.get(file.source.module_name, 0) + 1
    unique = {
        file.source.module_name: file for file in files if counts[file.source.module_name] == 1
    }
    partitions = []
    for root in sorted({file.source.import_root for file in files}):
        members = [file for file in files if file.source.import_root == root]
        own = {file.source.module_name for file in members}
        chosen = {id(file) for file in members}
        queue = list(members)
        while queue:
            file = queue.pop()
            source = file.source
            imported = discovery.imported_modules(
                file.text, source.module_name, is_package=source.path.name == "__init__.py"
            )
            for name in sorted(imported - own):
                other = unique.get(name)
                if other is not None and id(other) not in chosen:
                    chosen.add(id(other))
                    members.append(other)
                    queue.append(other)
        partitions.append(members)
    return partitions


def _findings(
    analysed: list[_File], config: Config, named: set[str], family: tuple = ()
) -> list[Finding]:
    """run_rules (of one family, or all) over the group, kept to findings that touch a named
    file, each once."""
    from mlaudit_lint.rules import run_rules

    found: dict[Finding, None] = {}
    for partition in _partitions([file for file in analysed if file.entry[0] == SUMMARIZE]):
        facts = {file.source.display: file.entry[1] for file in partition}
        for finding in run_rules(facts, config, family or None) if facts else ():
            if finding.path in named or any(step.path in named for step in finding.trace):
                found.setdefault(finding)
    return list(found)


def _result_order(result: Result) -> tuple:
    item = result.finding or result.error
    return (result.path, item.line, item.column, getattr(item, "code", ""), item.message)
