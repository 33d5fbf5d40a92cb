"""One lint run: discover, pre-check, parse once, summarize (cached, in workers), link, report.

The data path:
1. discovery.walk() lists the files; each gets the Config of its nearest pyproject.toml and
   files covered by an `exclude` glob drop out. Files sharing a Config form a group, linted together.
2. Each file is read once; `dataflow.may_contain_flows` (a textual check) picks the candidates.
   A file that can hold neither a source nor a sink is not parsed, unless a candidate imports it
   (transitively): its function summaries may carry the flow between two candidates. Imports that
   leave the named files (a pre-commit run names only the changed ones) are resolved on disk and
   analysed as context; findings are reported when they touch a named file.
3. Each file to analyse is parsed with libcst and summarized exactly once; the summary is cached
   on disk (cache.py) and computed in worker processes when there is enough work.
4. `rules.run_rules` links the summaries across modules and runs the rules on every run (cheap).
"""

from __future__ import annotations

import heapq
import os
import pickle
import sys
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from mlaudit_lint import discovery, notebooks
from mlaudit_lint.cache import ResultsCache, default_directory
from mlaudit_lint.config import ConfigFinder
from mlaudit_lint.ftypes import Config, Finding, LintError, LintStats, Result

# Below this many files to analyse, forking workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 4
CHUNKS_PER_WORKER = 4


def known_codes() -> frozenset[str]:
    from mlaudit_lint.rules import ALL_RULES

    return frozenset(rule.CODE for rule in ALL_RULES)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass
class _File:
    source: discovery.SourceFile
    config: Config
    named: bool  # named by the run (findings reported) or context reached through an import
    content: bytes = b""
    text: str = ""
    error: LintError | None = None
    entry: tuple[str, Any] | None = None  # ("facts", ModuleFacts) or ("error", LintError)


@dataclass
class _Group:
    config: Config
    files: dict[Path, _File] = field(default_factory=dict)


def read_source(path: Path, display: str) -> tuple[bytes, str]:
    """The file's bytes and its Python text (notebooks: the code cells); raises _ReadError."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _ReadError(LintError(display, 0, 0, f"cannot read file: {error.strerror or error}")) from None
    if notebooks.is_notebook(path):
        try:
            return content, notebooks.to_python(content.decode("utf-8")).text
        except UnicodeDecodeError:
            raise _ReadError(LintError(display, 1, 1, "cannot read notebook: not UTF-8")) from None
        except notebooks.NotebookError as error:
            raise _ReadError(LintError(display, error.line, error.column, error.message)) from None
    try:
        encoding, _ = tokenize.detect_encoding(BytesIO(content).readline)
        return content, content.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        message = getattr(error, "msg", None) or str(error)
        raise _ReadError(LintError(display, 1, 1, f"cannot decode file: {message}")) from None


class _ReadError(Exception):
    def __init__(self, error: LintError):
        self.error = error


def summarize_text(text: str, *, path: str, module_name: str, config: Config) -> tuple[str, Any]:
    """Parse and summarize one file; every failure becomes an ("error", LintError) entry.

    Runs in worker processes: it must import nothing heavy (no numpy, scipy, torch).
    """
    import libcst

    from mlaudit_lint.dataflow import summarize_module

    try:
        module = libcst.parse_module(text)
    except (libcst.ParserSyntaxError, RecursionError) as error:
        return "error", _syntax_error(text, path, error)
    try:
        return "facts", summarize_module(module, path=path, module_name=module_name, config=config)
    except RecursionError:
        return "error", LintError(path, 1, 1, "analysis error: too deeply nested to analyse")
    except Exception as error:  # a bug in a rule must cost one file, never the run
        return "error", LintError(path, 1, 1, f"internal error while analysing: {type(error).__name__}: {error}")


def check_syntax(text: str, *, path: str) -> tuple[str, Any]:
    """Syntax check of a file that needs no analysis: CPython's parser, ten times faster than libcst.

    CPython rejects syntax newer than the running interpreter; libcst has the last word then, so a
    valid newer file is not reported as broken.
    """
    import ast

    try:
        ast.parse(text, filename=path)
        return "clean", None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    import libcst

    try:
        libcst.parse_module(text)
        return "clean", None
    except (libcst.ParserSyntaxError, RecursionError) as error:
        return "error", _syntax_error(text, path, error)


def _syntax_error(text: str, path: str, libcst_error: Exception) -> LintError:
    """Report a file libcst cannot parse, with CPython's position and wording where it agrees.

    CPython points at the offending token and says what is wrong ("'(' was never closed");
    libcst names the token it stopped at, often a line later.
    """
    import ast

    try:
        ast.parse(text, filename=path)
    except SyntaxError as error:
        line = error.lineno or 1
        return LintError(path, line, error.offset or 1, f"syntax error: {error.msg}")
    except (ValueError, RecursionError, MemoryError) as error:
        return LintError(path, 1, 1, f"syntax error: {error}")
    if isinstance(libcst_error, RecursionError):
        return LintError(path, 1, 1, "syntax error: too deeply nested to parse")
    message = str(getattr(libcst_error, "message", libcst_error))
    message = message.split(": ", 2)[-1] if message.startswith("parser error") else message
    line = getattr(libcst_error, "raw_line", 1)
    column = getattr(libcst_error, "raw_column", 0) + 1
    return LintError(path, line, column, f"syntax error: {message}")


SUMMARIZE, CHECK = "facts", "syntax"  # what a task computes; also part of its cache key

# (index, mode, text, display path, module name, config, cache key)
_Task = tuple[int, str, str, str, str, Config, str]


def _run_task(task: _Task) -> tuple[str, Any]:
    _index, mode, text, display, module_name, config, _key = task
    if mode == CHECK:
        return check_syntax(text, path=display)
    return summarize_text(text, path=display, module_name=module_name, config=config)


def _summarize_chunk(tasks: Sequence[_Task], cache: ResultsCache) -> list[tuple[int, bytes]]:
    """Worker entry point: run each task, store it in the cache, hand back the pickled entries."""
    done = []
    for task in tasks:
        data = pickle.dumps(_run_task(task), protocol=pickle.HIGHEST_PROTOCOL)
        cache.put_bytes(task[-1], data)
        done.append((task[0], data))
    return done


def _balanced_chunks(tasks: list[_Task], count: int) -> list[list[_Task]]:
    """Largest files first onto the lightest chunk, so no worker is left with all the big ones."""
    chunks: list[list[_Task]] = [[] for _ in range(count)]
    heap = [(0, position) for position in range(count)]
    # A syntax check costs about a tenth of a parse and summary: weigh the tasks accordingly.
    weight = {SUMMARIZE: 10, CHECK: 1}
    for task in sorted(tasks, key=lambda task: -len(task[2]) * weight[task[1]]):
        load, position = heapq.heappop(heap)
        chunks[position].append(task)
        heapq.heappush(heap, (load + len(task[2]) * weight[task[1]], position))
    return [chunk for chunk in chunks if chunk]


class _Workers:
    """A process pool started on first use and shared by every group of the run."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def run(self, tasks: list[_Task], cache: ResultsCache) -> Iterator[tuple[int, bytes]]:
        if self.jobs <= 1 or len(tasks) < MIN_FILES_FOR_WORKERS:
            yield from _summarize_chunk(tasks, cache)
            return
        if self._pool is None:
            import multiprocessing

            # fork makes a worker's start cost nothing (libcst is already imported); elsewhere
            # spawn, which imports only this light module in each worker.
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method))
        chunks = _balanced_chunks(tasks, min(len(tasks), self.jobs * CHUNKS_PER_WORKER))
        futures = {self._pool.submit(_summarize_chunk, chunk, cache): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                for index, _mode, _text, display, *_ in futures[future]:
                    error = LintError(display, 1, 1, "internal error: the worker analysing this file died")
                    yield index, pickle.dumps(("error", error))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def lint(
    paths: Iterable[str | os.PathLike[str]],
    overrides: Mapping[str, Any] | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_directory: Path | None = None,
    stats: LintStats | None = None,
) -> Iterator[Result]:
    from mlaudit_lint.dataflow import may_contain_flows

    stats = stats if stats is not None else LintStats()
    cwd = Path.cwd()
    finder = ConfigFinder(overrides, known_codes=known_codes())
    cache = ResultsCache((cache_directory or default_directory()) if use_cache else None)
    workers = _Workers(jobs or default_jobs())

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
            group.files[path] = _new_file(path, display, config, named=True)
            stats.files += 1

    try:
        for group in groups.values():
            yield from _lint_group(group, cache, workers, cwd, stats, may_contain_flows)
    finally:
        workers.close()


def _new_file(path: Path, display: str, config: Config, *, named: bool) -> _File:
    module_name, import_root = discovery.module_name_of(path)
    file = _File(discovery.SourceFile(path, display, module_name, import_root), config, named)
    try:
        file.content, file.text = read_source(path, display)
    except _ReadError as failure:
        file.error = failure.error
    return file


def _lint_group(group: _Group, cache: ResultsCache, workers: _Workers, cwd: Path, stats: LintStats, may_contain_flows) -> Iterator[Result]:
    config = group.config
    results: list[Result] = [Result(f.source.display, error=f.error) for f in group.files.values() if f.error]

    to_analyse = [f for f in group.files.values() if not f.error and may_contain_flows(f.text, config)]
    stats.candidates += len(to_analyse)
    _add_imported(group, to_analyse, cwd)
    # Files that cannot hold a flow are still checked for syntax errors: a broken file is reported
    # whatever it contains.
    analysed = {id(file) for file in to_analyse}
    to_check = [f for f in group.files.values() if f.named and not f.error and id(f) not in analysed]
    work = [(file, SUMMARIZE) for file in to_analyse] + [(file, CHECK) for file in to_check]

    tasks: list[_Task] = []
    for index, (file, mode) in enumerate(work):
        source = file.source
        key = cache.key(
            content=file.content, path=source.display, module_name=source.module_name, config=config, kind=mode
        )
        file.entry = cache.get(key)
        if file.entry is not None:
            stats.cached += 1
        else:
            tasks.append((index, mode, file.text, source.display, source.module_name, config, key))
    for index, data in workers.run(tasks, cache):
        work[index][0].entry = pickle.loads(data)
    stats.analysed += len(to_analyse)

    facts: dict[str, Any] = {}
    for file, _mode in work:
        kind, value = file.entry
        if kind == SUMMARIZE:
            facts[file.source.display] = value
        elif kind == "error" and file.named:  # an unparsable context file is the user's other business
            results.append(Result(file.source.display, error=value))

    named = {file.source.display for file in group.files.values() if file.named}
    try:
        results.extend(Result(finding.path, finding=finding) for finding in _findings(facts, config, named))
    except Exception as error:  # a rule bug must not hide the other results behind a traceback
        where = discovery.display_path(config.root, cwd) if config.root else "."
        message = f"internal error in rules: {type(error).__name__}: {error}"
        results.append(Result(where, error=LintError(where, 0, 0, message)))
    stats.errors += sum(1 for result in results if result.error)
    stats.findings += sum(1 for result in results if result.finding)
    results.sort(key=_result_order)
    yield from results


def _add_imported(group: _Group, to_analyse: list[_File], cwd: Path) -> None:
    """Extend `to_analyse` with every file its members import, transitively (see module docstring)."""
    chosen = {file.source.path for file in to_analyse}
    queue = list(to_analyse)
    while queue:
        file = queue.pop()
        source = file.source
        search_roots = [source.import_root]
        if file.config.root is not None:
            search_roots += [file.config.root, file.config.root / "src"]
        is_package = source.path.name == "__init__.py"
        for module in sorted(discovery.imported_modules(file.text, source.module_name, is_package=is_package)):
            path = discovery.resolve(module, search_roots)
            if path is None:
                continue
            path = Path(os.path.abspath(path))
            if path in chosen:
                continue
            imported = group.files.get(path)
            if imported is None:
                if discovery.is_excluded(path, group.config, cwd):
                    continue
                imported = _new_file(path, discovery.display_path(path, cwd), group.config, named=False)
                group.files[path] = imported
            chosen.add(path)
            if imported.error is None:
                to_analyse.append(imported)
                queue.append(imported)


def _findings(facts: Mapping[str, Any], config: Config, named: set[str]) -> list[Finding]:
    """run_rules over the group, kept to findings that touch a named file, each once."""
    from mlaudit_lint.rules import run_rules

    if not facts:
        return []
    found: dict[Finding, None] = {}
    for finding in run_rules(facts, config):
        if finding.path in named or any(step.path in named for step in finding.trace):
            found.setdefault(finding)
    return list(found)


def _result_order(result: Result) -> tuple:
    item = result.finding or result.error
    return (result.path, item.line, item.column, getattr(item, "code", ""), item.message)
