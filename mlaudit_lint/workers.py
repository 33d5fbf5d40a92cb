"""Per-file work — parse and summarize, or only check the syntax — in bounded worker processes.

Every file is analysed in a worker process, one file at a time, under three bounds:

* **time**: a worker that has spent `Limits.seconds` of CPU time on one file is killed (CPU
  time, so a busy machine does not turn ordinary files into timeouts; wall time is the measure
  only where /proc is missing, and a wall-clock backstop of `WALL_FACTOR` times the bound catches
  a worker that waits instead of working);
* **memory**: a worker whose own memory (private pages, measured by the parent every
  `POLL_SECONDS`) passes `Limits.memory_mb` is killed; an address-space limit inside the worker is
  the backstop against an allocation faster than the poll;
* **depth**: work runs on a thread with a `DEEP_STACK_BYTES` stack and a recursion limit of
  `DEEP_RECURSION_LIMIT`, so deep but ordinary code is analysed, and deeper code raises a
  RecursionError, which is caught.

Whatever happens to one file — a bound, an exception, a crash in native code — becomes an
("error", LintError) entry for that file, "too complex to analyse (reason)" for the bounds, and the
next file goes to a fresh worker. Workers die with their parent: they ask the kernel for SIGKILL
when the parent dies (Linux `PR_SET_PDEATHSIG`), also check that the parent is alive while they
wait, and ignore Ctrl-C (the parent ends them), so a killed, interrupted or crashed run leaves no
process behind.

Workers are forked from this run (spawned where fork is unavailable) and talk to it through
anonymous pipes only: the values they send back are pickled, which is safe because both ends are
this run's own processes; nothing they read from disk is ever unpickled (see cache.py).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlaudit_lint.cache import ResultsCache
from mlaudit_lint.ftypes import Config, LintError

SUMMARIZE, CHECK = "facts", "syntax"  # what a task computes; also part of its cache key
POLL_SECONDS = 0.05
WALL_FACTOR = 10

# Deeply nested code (long sums, implicit string concatenations, generated tables) recurses
# deeply in libcst's parser, its tree and the analysis. A native stack overflow would kill the
# process, so the work runs on a thread whose stack makes this recursion limit safe.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 50_000
DEEP_THREAD = "mlaudit-deep-stack"


@dataclass(frozen=True)
class Limits:
    """Bounds on the work for one file (see the module docstring)."""

    seconds: float = 20.0  # CPU seconds
    memory_mb: int = 1024


@dataclass(frozen=True)
class Task:
    index: int  # the caller's handle for the result
    mode: str  # SUMMARIZE or CHECK
    text: str
    path: str  # as reported
    module_name: str
    config: Config = field(compare=False)
    key: str  # the results-cache key the worker stores the entry under

    @property
    def weight(self) -> int:
        # A syntax check costs about a tenth of a parse and summary.
        return len(self.text) * (10 if self.mode == SUMMARIZE else 1)


def too_complex(path: str, reason: str) -> LintError:
    return LintError(path, 0, 0, f"too complex to analyse ({reason})")


# -- the work itself (runs in a worker) ---------------------------------------------------------


def summarize_text(text: str, *, path: str, module_name: str, config: Config) -> tuple[str, Any]:
    """Parse and summarize one file; every failure becomes an ("error", LintError) entry.

    Runs in worker processes: it must import nothing heavy (no numpy, scipy, torch). The
    analysis parses with CPython's `ast` (libcst's parser is quadratic in operator chains);
    a file CPython rejects but libcst accepts (syntax newer than this interpreter) is checked
    by `check_syntax` and yields no facts rather than a false syntax error.
    """
    from mlaudit_lint.dataflow import AnalysisError, summarize_source

    del config  # the IR does not depend on it (labels are applied when modules are linked)
    try:
        return "facts", summarize_source(text, path=path, module_name=module_name)
    except AnalysisError as error:
        if error.too_complex:
            return "error", LintError(path, error.line, error.column, error.message)
        checked = check_syntax(text, path=path)
        if checked[0] == "error":
            return checked
        return "clean", None
    except RecursionError:
        return "error", too_complex(path, "nested too deeply")
    except MemoryError:
        return "error", too_complex(path, "ran out of memory")
    except Exception as error:  # a bug in the analysis must cost one file, never the run
        return "error", LintError(
            path, 1, 1, f"internal error while analysing: {type(error).__name__}: {error}"
        )


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
    except MemoryError:
        return "error", too_complex(path, "ran out of memory")


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
        return too_complex(path, "nested too deeply to parse")
    # CPython accepts the file and libcst does not: say so, it is not the user's syntax error.
    message = str(getattr(libcst_error, "message", libcst_error))
    message = message.split(": ", 2)[-1] if message.startswith("parser error") else message
    line = getattr(libcst_error, "raw_line", 1)
    column = getattr(libcst_error, "raw_column", 0) + 1
    return LintError(path, line, column, f"libcst cannot parse this file (Python can): {message}")


def run_task(task: Task) -> tuple[str, Any]:
    if task.mode == CHECK:
        return check_syntax(task.text, path=task.path)
    return summarize_text(
        task.text, path=task.path, module_name=task.module_name, config=task.config
    )


def on_deep_stack(function: Callable[..., Any], *args: Any) -> Any:
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


# -- worker processes ---------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux), and keep an eye on it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:  # other platforms, and belt and braces
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="mlaudit-parent-watch", daemon=True).start()


def _limit_address_space(memory_mb: int) -> None:
    """A backstop far above the polled bound: an allocation that outruns the poll fails here."""
    try:
        import resource

        with open("/proc/self/status") as status:
            size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
        ceiling = size_kb * 1024 + DEEP_STACK_BYTES + 4 * memory_mb * 2**20
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or ceiling < hard:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ImportError, OSError, ValueError, StopIteration):
        pass


def _worker_main(connection: Any, parent: int, cache: ResultsCache | None, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which ends us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    _limit_address_space(memory_mb)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), DEEP_RECURSION_LIMIT))

    def serve() -> None:
        while True:
            try:
                task = connection.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            entry = run_task(task)
            if cache is not None:
                cache.put(task.key, entry)
            connection.send((task.index, entry))

    try:
        on_deep_stack(serve)
    finally:
        os._exit(0)  # no interpreter teardown: nothing of the parent's may run here


def private_memory_mb(pid: int) -> float | None:
    """Memory a process holds on its own (private pages, not those shared with its parent)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            kilobytes = sum(
                int(line.split()[1])
                for line in rollup
                if line.startswith(("Private_Clean:", "Private_Dirty:"))
            )
        return kilobytes / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time a process has used, from /proc (None where unavailable)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class _Clock:
    """How long a process has worked on the current job: CPU time where /proc has it."""

    def __init__(self, pid: int):
        self.pid = pid
        self.wall = time.monotonic()
        self.cpu = cpu_seconds(pid)

    def over(self, limit: float) -> bool:
        wall = time.monotonic() - self.wall
        if wall > limit * WALL_FACTOR:
            return True
        now = cpu_seconds(self.pid) if self.cpu is not None else None
        return (now - self.cpu if now is not None else wall) > limit


def _over_time(limits: Limits) -> str:
    return f"took more than {limits.seconds:g} s of CPU time"


def _context() -> Any:
    import multiprocessing

    # fork makes a worker's start cost nothing (libcst is already imported); elsewhere spawn,
    # which imports only this light module in each worker.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _start(process: Any) -> None:
    """Start `process` with the parent's objects frozen out of the child's garbage collector.

    A forked child shares the parent's pages until it writes to them, and a full collection in
    the child writes to every object it scans. Run from a large process (a test session, a
    notebook), that copied hundreds of MB into the child and read as the file needing them; the
    memory bound then blamed an ordinary file. Frozen objects are never scanned by the child.
    """
    import gc

    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()


class _Worker:
    def __init__(self, cache: ResultsCache | None, limits: Limits):
        context = _context()
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, os.getpid(), cache, limits.memory_mb),
            name="mlaudit-lint-worker",
            daemon=True,
        )
        _start(self.process)
        child.close()
        self.task: Task | None = None
        self.clock: _Clock | None = None

    def give(self, task: Task) -> None:
        self.task = task
        self.clock = _Clock(self.process.pid)
        self.connection.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=0.5)
        self.kill()


def _death(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class Workers:
    """Up to `jobs` worker processes, started on first use and shared by every group of a run."""

    def __init__(
        self, jobs: int, *, limits: Limits | None = None, cache: ResultsCache | None = None
    ):
        self.jobs = max(1, jobs)
        self.limits = limits or Limits()
        self.cache = cache if cache is not None and cache.enabled else None
        self._idle: list[_Worker] = []

    def run(self, tasks: Sequence[Task]) -> Iterator[tuple[int, tuple[str, Any]]]:
        """Yield (task.index, entry) for every task, in the order they finish."""
        pending = sorted(tasks, key=lambda task: task.weight)  # pop() takes the largest first
        busy: list[_Worker] = []
        try:
            while pending or busy:
                while pending and len(busy) < self.jobs:
                    worker = self._idle.pop() if self._idle else _Worker(self.cache, self.limits)
                    worker.give(pending.pop())
                    busy.append(worker)
                yield from self._collect(busy)
        finally:
            for worker in busy:  # abandoned mid-run (an exception, Ctrl-C): nothing may linger
                worker.kill()

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[int, tuple[str, Any]]]:
        from multiprocessing.connection import wait

        ready = wait(
            [worker.connection for worker in busy] + [worker.process.sentinel for worker in busy],
            timeout=POLL_SECONDS,
        )
        for worker in list(busy):
            task = worker.task
            assert task is not None
            failure = None
            if worker.connection in ready:
                try:
                    index, entry = worker.connection.recv()
                except (EOFError, OSError):
                    failure = None  # died: judged below
                else:
                    busy.remove(worker)
                    worker.task = None
                    self._idle.append(worker)
                    yield index, entry
                    continue
            if not worker.process.is_alive():
                worker.process.join()
                failure = LintError(
                    task.path,
                    0,
                    0,
                    f"internal error: the worker analysing this file died ({_death(worker.process)})",
                )
            elif worker.clock is not None and worker.clock.over(self.limits.seconds):
                failure = too_complex(task.path, _over_time(self.limits))
            else:
                memory = private_memory_mb(worker.process.pid)
                if memory is not None and memory > self.limits.memory_mb:
                    failure = too_complex(
                        task.path, f"needed more than {self.limits.memory_mb} MB of memory"
                    )
            if failure is not None:
                busy.remove(worker)
                worker.kill()
                yield task.index, ("error", failure)

    def close(self) -> None:
        while self._idle:
            self._idle.pop().stop()


@dataclass(frozen=True)
class Outcome:
    """What `bounded_call` returns: the value, or why there is none."""

    ok: bool
    value: Any = None
    reason: str = ""
    crashed: bool = False  # the function raised (a bug), as opposed to a bound or a lost process


def _call(function: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(True, on_deep_stack(function))
    except RecursionError:
        return Outcome(False, reason="nested too deeply")
    except MemoryError:
        return Outcome(False, reason="ran out of memory")
    except Exception as error:
        return Outcome(False, reason=f"{type(error).__name__}: {error}", crashed=True)


def bounded_call(function: Callable[[], Any], *, limits: Limits) -> Outcome:
    """Run `function()` in a forked child under `limits`.

    Where fork is unavailable it runs here, unbounded except for the deep stack. The child dies
    with its parent like a worker does; the value comes back pickled through an anonymous pipe.
    """
    if not sys.platform.startswith("linux"):
        return _call(function)

    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with_parent(parent)
        _limit_address_space(limits.memory_mb)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), DEEP_RECURSION_LIMIT))
        try:
            sender.send(_call(function))
        finally:
            os._exit(0)

    process = context.Process(target=child, name="mlaudit-lint-link", daemon=True)
    _start(process)
    sender.close()
    clock = _Clock(process.pid)
    try:
        while True:
            if receiver.poll(POLL_SECONDS):
                try:
                    return receiver.recv()
                except (EOFError, OSError):
                    process.join(timeout=5)
                    return Outcome(False, reason=f"the analysis crashed ({_death(process)})")
            if not process.is_alive():
                process.join()
                return Outcome(False, reason=f"the analysis crashed ({_death(process)})")
            if clock.over(limits.seconds):
                return Outcome(False, reason=_over_time(limits))
            memory = private_memory_mb(process.pid)
            if memory is not None and memory > limits.memory_mb:
                return Outcome(False, reason=f"needed more than {limits.memory_mb} MB of memory")
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receiver.close()
