"""Per-file work — parse and summarize, or only check the syntax — and the processes that do it.

Everything here runs in worker processes: it imports libcst and the dataflow layer, nothing heavy
(no numpy, scipy or torch), and every failure of a file becomes an ("error", LintError) entry, so one
bad file never costs the run.
"""

from __future__ import annotations

import heapq
import pickle
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mlaudit_lint.cache import ResultsCache
from mlaudit_lint.ftypes import Config, LintError

# Below this many files, forking workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 4
CHUNKS_PER_WORKER = 4


# Deeply nested code (long implicit string concatenations, generated tables) recurses deeply in
# libcst's native parser, in its tree and in the analysis. Work therefore runs on a thread with a
# large stack (a native stack overflow would kill the process), and a file that still exceeds
# Python's recursion limit is retried once with a higher limit, which that stack makes safe.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 50_000


def summarize_text(text: str, *, path: str, module_name: str, config: Config) -> tuple[str, Any]:
    """Parse and summarize one file; every failure becomes an ("error", LintError) entry.

    Runs in worker processes: it must import nothing heavy (no numpy, scipy, torch).
    """
    try:
        return _summarize(text, path=path, module_name=module_name, config=config)
    except RecursionError:
        if threading.current_thread().name != DEEP_THREAD:
            return "error", LintError(path, 1, 1, "analysis error: too deeply nested to analyse")
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, DEEP_RECURSION_LIMIT))
    try:
        return _summarize(text, path=path, module_name=module_name, config=config)
    except RecursionError:
        return "error", LintError(path, 1, 1, "analysis error: too deeply nested to analyse")
    finally:
        sys.setrecursionlimit(previous)


def _summarize(text: str, *, path: str, module_name: str, config: Config) -> tuple[str, Any]:
    """One attempt; RecursionError escapes so the caller can retry on a deeper stack."""
    import libcst

    from mlaudit_lint.dataflow import summarize_module

    try:
        module = libcst.parse_module(text)
    except libcst.ParserSyntaxError as error:
        return "error", _syntax_error(text, path, error)
    try:
        return "facts", summarize_module(module, path=path, module_name=module_name, config=config)
    except RecursionError:
        raise
    except Exception as error:  # a bug in the analysis must cost one file, never the run
        return "error", LintError(
            path, 1, 1, f"internal error while analysing: {type(error).__name__}: {error}"
        )


DEEP_THREAD = "mlaudit-deep-stack"


def on_deep_stack(function, *args):
    """Call `function(*args)` on a thread with a DEEP_STACK_BYTES stack (or here, if refused)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # re-raised in the calling thread below
            outcome["error"] = error

    try:
        previous = threading.stack_size(DEEP_STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform that refuses big thread stacks
        return function(*args)
    try:
        # daemon: Ctrl-C in the calling thread ends the run without waiting for this one.
        thread = threading.Thread(target=target, name=DEEP_THREAD, daemon=True)
        thread.start()
    except RuntimeError:  # no room for such a stack (a tight `ulimit -v`): run here instead
        return function(*args)
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


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
    # CPython accepts the file and libcst does not: say so, it is not the user's syntax error.
    message = str(getattr(libcst_error, "message", libcst_error))
    message = message.split(": ", 2)[-1] if message.startswith("parser error") else message
    line = getattr(libcst_error, "raw_line", 1)
    column = getattr(libcst_error, "raw_column", 0) + 1
    return LintError(path, line, column, f"libcst cannot parse this file (Python can): {message}")


SUMMARIZE, CHECK = "facts", "syntax"  # what a task computes; also part of its cache key

# (index, mode, text, display path, module name, config, cache key)
Task = tuple[int, str, str, str, str, Config, str]


def _run_task(task: Task) -> tuple[str, Any]:
    _index, mode, text, display, module_name, config, _key = task
    if mode == CHECK:
        return check_syntax(text, path=display)
    return summarize_text(text, path=display, module_name=module_name, config=config)


def run_chunk(tasks: Sequence[Task], cache: ResultsCache) -> list[tuple[int, bytes]]:
    """Worker entry point: run each task, store it in the cache, hand back the pickled entries."""
    return on_deep_stack(_run_chunk, tasks, cache)


def _run_chunk(tasks: Sequence[Task], cache: ResultsCache) -> list[tuple[int, bytes]]:
    done = []
    for task in tasks:
        data = pickle.dumps(_run_task(task), protocol=pickle.HIGHEST_PROTOCOL)
        cache.put_bytes(task[-1], data)
        done.append((task[0], data))
    return done


def _balanced_chunks(tasks: list[Task], count: int) -> list[list[Task]]:
    """Largest files first onto the lightest chunk, so no worker is left with all the big ones."""
    chunks: list[list[Task]] = [[] for _ in range(count)]
    heap = [(0, position) for position in range(count)]
    # A syntax check costs about a tenth of a parse and summary: weigh the tasks accordingly.
    weight = {SUMMARIZE: 10, CHECK: 1}
    for task in sorted(tasks, key=lambda task: -len(task[2]) * weight[task[1]]):
        load, position = heapq.heappop(heap)
        chunks[position].append(task)
        heapq.heappush(heap, (load + len(task[2]) * weight[task[1]], position))
    return [chunk for chunk in chunks if chunk]


class Workers:
    """A process pool started on first use and shared by every group of the run."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def run(self, tasks: list[Task], cache: ResultsCache) -> Iterator[tuple[int, bytes]]:
        if self.jobs <= 1 or len(tasks) < MIN_FILES_FOR_WORKERS:
            yield from run_chunk(tasks, cache)
            return
        chunks = _balanced_chunks(tasks, min(len(tasks), self.jobs * CHUNKS_PER_WORKER))
        futures = {self._start().submit(run_chunk, chunk, cache): chunk for chunk in chunks}
        unfinished: list[Task] = []
        for future in as_completed(futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                unfinished.extend(futures[future])
        if unfinished:
            # A worker died (killed, out of memory, a crash in native code) and took the pool with
            # it. Re-run what was lost one file at a time, so only the file that kills a worker
            # again is reported, and the others keep their results.
            self.close()
            for task in unfinished:
                try:
                    yield from self._start().submit(run_chunk, [task], cache).result()
                except BrokenProcessPool:
                    self.close()
                    error = LintError(
                        task[3], 1, 1, "internal error: the worker analysing this file died"
                    )
                    yield task[0], pickle.dumps(("error", error))

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # fork makes a worker's start cost nothing (libcst is already imported); elsewhere
            # spawn, which imports only this light module in each worker.
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context(method)
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
