"""Runs cells as Ray tasks, on a local Ray instance sized to the machine or on an existing cluster.

One sweep: the runner's `call` (the test function, its fixture values, the seeding flag) goes into
Ray's object store once (`ray.put`), and each cell becomes one task that fetches it (once per
worker process: the workers keep it) and runs the cell exactly as the local executors do: seeding
from the cell's seed inside `call`, so a seed gives the same run here, on the process pool and on
resume. Ray, not this module, handles placement and per-run resources (`@seed_sweep(resources=)`).

Failures that `call` cannot catch are Ray's: a worker or node lost mid-run is retried by Ray
(`max_retries`, `--mlaudit-retries`) and, when retries run out, reported as a died cell with
Ray's error; a user exception is never retried (`retry_exceptions=False`: it is the run's result).
Timeouts are enforced twice: inside the task by the serial executor's alarm and, for a run stuck
in C code, by the driver, which force-cancels it (killing its worker) `HARD_STOP_GRACE` seconds
later. Both count from the run's real start: each task is a streaming generator that first yields
STARTED, so time spent waiting in Ray's queue for a free slot never counts. So a sweep never
waits on a lost or stuck task, and never stops one that has not begun.

Ray is imported only here and only when this executor runs a sweep; the local executors never
import it (tests/runner/executors/test_ray_executor.py checks both).
"""

from __future__ import annotations

import collections
import dataclasses
import importlib.util
import math
import os
import socket
import sys
import sysconfig
import time
from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import Any

from ...core.spec import Cell, CellResult
from .base import CellFunction, Executor, ExecutorUnavailable, died_result, timeout_result
from .resources import requested

INSTALL_HINT = 'pip install "pytest-mlaudit[ray]"'
DEFAULT_RETRIES = 3
LOCAL_ADDRESSES = (None, "", "local")
CONNECT_TIMEOUT = 10.0  # seconds to wait for a cluster address to accept a connection

# Seconds past `timeout` before the driver kills a run the in-task alarm could not stop (a long
# call inside a C extension), and the slack for the STARTED item's trip to the driver.
HARD_STOP_GRACE = 10.0

STARTED = "mlaudit: run started"  # the first item each task yields

# Ray's errors for a task whose process or node went away (after Ray's own retries).
_LOST_TASK_ERRORS = (
    "WorkerCrashedError",
    "NodeDiedError",
    "OutOfMemoryError",
    "LocalRayletDiedError",
    "ObjectLostError",
)


def unavailable() -> str | None:
    """Why the Ray executor cannot run here (one line), without importing Ray; None if it can."""
    try:
        missing = importlib.util.find_spec("ray") is None
    except (ImportError, ValueError):  # a broken or half-removed installation
        missing = True
    if missing:
        return f"--mlaudit-executor ray needs Ray, which is not installed: {INSTALL_HINT}"
    return None


def _import_ray():
    problem = unavailable()
    if problem:
        raise ExecutorUnavailable(problem)
    import ray

    return ray


# -- the Ray connection: one per pytest session ---------------------------------------------------


class _Connection:
    """Whether this process started the Ray instance it uses (then it shuts it down at the end)."""

    started_here = False
    failures: dict = {}  # address -> the one-line error of a failed start or connection


def connect(address: str | None, num_cpus: int | None):
    """The `ray` module, connected. An already initialised Ray (a conftest that called
    `ray.init(runtime_env=...)`, a test fixture) is used as it is and left running."""
    ray = _import_ray()
    if ray.is_initialized():
        return ray
    if address in _Connection.failures:  # do not wait for the same failing connection once per test
        raise ExecutorUnavailable(_Connection.failures[address])
    problem = None if address in LOCAL_ADDRESSES else _unreachable(address)
    if problem:
        _Connection.failures[address] = f"--mlaudit-ray-address {address}: {problem}"
        raise ExecutorUnavailable(_Connection.failures[address])
    try:
        if address in LOCAL_ADDRESSES:
            ray.init(
                num_cpus=num_cpus,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
            _Connection.started_here = True
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    except Exception as exc:
        where = (
            "start a local Ray instance"
            if address in LOCAL_ADDRESSES
            else f"connect to the Ray cluster at {address!r}"
        )
        _Connection.failures[address] = (
            f"--mlaudit-ray-address: could not {where}: {_first_line(exc)}"
        )
        raise ExecutorUnavailable(_Connection.failures[address]) from None
    return ray


def _unreachable(address: str) -> str | None:
    """Why nothing can answer at a host:port address, or None. ray.init waits minutes for a Ray
    head that is not there (it retries the connection), so knock first."""
    target = os.environ.get("RAY_ADDRESS", "") if address == "auto" else address
    target = target.split("://", 1)[-1]
    host, separator, port = target.rpartition(":")
    if not separator or not host or not port.isdigit():
        return None  # 'auto' without RAY_ADDRESS: Ray looks for a local head itself, and says so quickly
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        return f"nothing answers at {host}:{port} ({exc.strerror or type(exc).__name__}); is the Ray head running there?"
    return None


def close_session() -> None:
    """Shut down the Ray instance this process started (the plugin calls this at session end)."""
    if _Connection.started_here and "ray" in sys.modules:
        import ray

        ray.shutdown()
    _Connection.started_here = False
    _Connection.failures.clear()


# -- what runs on a Ray worker --------------------------------------------------------------------

# ObjectRef hex -> the unpickled `call`: a worker runs many cells of one sweep and unpickles the
# test function and its fixtures once. Only the latest sweep's is kept: its fixture arrays are
# views into the object store and keep their objects there while kept.
_CALLS: collections.OrderedDict[str, Any] = collections.OrderedDict()
_CALLS_KEPT = 1


def _fetch_call(ray, reference) -> Any:
    key = reference.hex()
    call = _CALLS.get(key)
    if call is None:
        call = ray.get(reference)
        _CALLS[key] = call
        while len(_CALLS) > _CALLS_KEPT:
            _CALLS.popitem(last=False)
    return call


def run_cell(
    boxed_call: list, cell: Cell, timeout: float | None, driver_paths: Sequence[str]
) -> Iterator[Any]:
    """The Ray task, a streaming generator: it yields STARTED when the run begins, then the
    cell's CellResult. The first item tells the driver when the run really started (not when it
    was queued), which is where its deadline counts from.

    The cell runs as the serial executor runs it (seeded by `call`, SIGALRM timeout).
    `boxed_call` holds the ObjectRef in a list so that Ray does not resolve it before the task can
    look in its cache."""
    import ray

    from .serial import SerialExecutor

    # Modules the test imports from the driver's sys.path (a tests/ helper, pytester's tmp dir)
    # are importable on a worker of a local instance; elsewhere these paths are simply absent.
    for path in driver_paths:
        if path not in sys.path:
            sys.path.append(path)
    call = _fetch_call(ray, boxed_call[0])  # before STARTED: pulling large fixtures is not the run
    yield STARTED
    try:
        (result,) = SerialExecutor().map(call, [cell], timeout=timeout)
    except (
        SystemExit
    ) as exc:  # would end the worker and be retried as a crash: it is the run's error
        result = CellResult(cell=cell, error=f"SystemExit: the run called sys.exit({exc.code!r})")
    yield result


_REMOTE: Any = None


def _remote_run_cell(ray):
    global _REMOTE
    if _REMOTE is None:
        _REMOTE = ray.remote(run_cell)
    return _REMOTE


# -- the driver -----------------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _driver_paths() -> list:
    return [
        os.path.abspath(path or os.curdir) for path in sys.path if os.path.isdir(path or os.curdir)
    ]


def _installed(path: str) -> bool:
    roots = {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    path = os.path.abspath(path)
    return any(path.startswith(os.path.abspath(root) + os.sep) for root in roots)


def _share(ray, call: CellFunction):
    """Put `call` in the object store once for the whole sweep."""
    function = getattr(call, "function", call)
    function = getattr(function, "func", function)  # a functools.partial
    module = sys.modules.get(getattr(function, "__module__", "") or "")
    path = getattr(module, "__file__", None)
    if module is not None and module.__name__ != "__main__" and path and not _installed(path):
        # A test module is rarely importable on a worker (rootdir-relative imports, pytester's
        # tmp dirs, importmode=importlib): send its functions and classes by value. Installed
        # packages stay by reference: the workers have them.
        ray.cloudpickle.register_pickle_by_value(module)
    try:
        return ray.put(call)
    except Exception as exc:
        name = getattr(function, "__qualname__", repr(function))
        raise ExecutorUnavailable(
            f"the Ray executor could not send {name} and its fixture values to the workers ({_first_line(exc)}); "
            "they must pickle with cloudpickle (see docs/ray.md)"
        ) from None


def capacity(cluster: Mapping[str, float], need: Mapping[str, float]) -> int:
    """How many runs the cluster holds at once; ExecutorUnavailable when not even one fits (Ray
    would wait forever for a node that has it)."""
    fits = []
    for name, amount in need.items():
        have = float(cluster.get(name, 0.0))
        if have + 1e-9 < amount:
            shown = (
                name.split(":", 1)[1]
                if name.startswith("accelerator_type:")
                else f"{name}={amount:g}"
            )
            raise ExecutorUnavailable(
                f"resources: each run needs {shown} but the Ray cluster has {have:g} "
                f"(cluster: {', '.join(f'{k}={v:g}' for k, v in sorted(cluster.items()) if not k.startswith('node:'))}); "
                "add such nodes or lower the sweep's resources"
            )
        fits.append(math.floor(have / amount + 1e-9))
    return max(1, min(fits) if fits else int(cluster.get("CPU", 1)))


@dataclasses.dataclass
class _Task:
    cell: Cell
    started: float | None = None  # when its STARTED item arrived


class RayExecutor(Executor):
    """`workers` sizes a local instance this executor starts (else Ray counts the CPUs); on a
    cluster the cluster's resources decide. `retries` is Ray's `max_retries` for lost workers."""

    name = "ray"

    def __init__(
        self,
        workers: int = 1,
        *,
        resources: Mapping | None = None,
        retries: int | None = None,
        address: str | None = None,
        hard_stop_grace: float = HARD_STOP_GRACE,
        **settings: Any,
    ) -> None:
        self.workers = max(1, int(workers))
        self.resources = dict(resources or {})
        self.retries = DEFAULT_RETRIES if retries is None else max(0, int(retries))
        self.address = address
        self.hard_stop_grace = float(hard_stop_grace)
        self.settings = settings

    def describe(self) -> str:
        where = "local instance" if self.address in LOCAL_ADDRESSES else self.address
        return f"ray ({where}, {self.retries} retries)"

    def task_options(self) -> dict:
        return {
            **self.resources,
            "max_retries": self.retries,
            "retry_exceptions": False,
            "num_returns": "streaming",
        }

    def map(
        self, call: CellFunction, cells: Sequence[Cell], *, timeout: float | None = None
    ) -> Generator[CellResult, None, None]:
        if not cells:
            return
        ray = connect(self.address, self.workers if self.workers >= 2 else None)
        slots = capacity(ray.cluster_resources(), requested(self.resources))
        shared = _share(ray, call)
        task = _remote_run_cell(ray).options(**self.task_options())
        paths = _driver_paths()
        queue = collections.deque(cells)
        pending: dict = {}  # the task's ObjectRefGenerator -> _Task
        try:
            while queue or pending:
                # Keep every slot busy plus one queued task per slot, so that a worker finishing
                # a short run finds the next one waiting instead of a round trip to the driver.
                while queue and len(pending) < 2 * slots:
                    cell = queue.popleft()
                    pending[task.remote([shared], cell, timeout, paths)] = _Task(cell)
                for generator in self._wait(ray, pending, timeout):
                    outcome = self._next_item(ray, generator, pending[generator])
                    if outcome is not None:
                        del pending[generator]
                        yield outcome
                if timeout is not None:
                    yield from self._stop_overdue(ray, pending, timeout)
        finally:
            for generator in pending:
                try:
                    ray.cancel(generator, force=True)
                except Exception:  # already finished or its node is gone: nothing left to stop
                    pass

    def _wait(self, ray, pending: dict, timeout: float | None) -> list:
        """The tasks with a new item (started, or finished), waiting at most until the earliest
        deadline of a started run."""
        wait_for = None
        if timeout is not None:
            deadlines = [
                s.started + timeout + self.hard_stop_grace
                for s in pending.values()
                if s.started is not None
            ]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        generators = list(pending)
        ready, _ = ray.wait(generators, num_returns=1, timeout=wait_for)
        if ready:  # take every task with news, not just the first
            ready, _ = ray.wait(generators, num_returns=len(generators), timeout=0)
        return ready

    def _stop_overdue(
        self, ray, pending: dict, timeout: float
    ) -> Generator[CellResult, None, None]:
        now = time.monotonic()
        for generator, state in list(pending.items()):
            if state.started is not None and now - state.started >= timeout + self.hard_stop_grace:
                ray.cancel(generator, force=True)
                del pending[generator]
                yield timeout_result(state.cell, now - state.started, timeout)

    def _next_item(self, ray, generator, state: _Task) -> CellResult | None:
        """The run's CellResult, or None when the item was its STARTED signal."""
        seconds = 0.0 if state.started is None else time.monotonic() - state.started
        try:
            item = ray.get(next(generator))
        except StopIteration:
            return CellResult(
                cell=state.cell, error="the Ray task ended without a result", seconds=seconds
            )
        except ray.exceptions.RayTaskError as exc:
            # run_cell itself failed: the test's module not importable on the worker, or a result
            # that cannot be pickled back. The run's own exceptions never get here.
            cause = exc.cause if isinstance(getattr(exc, "cause", None), BaseException) else exc
            return CellResult(
                cell=state.cell,
                error=f"RayTaskError: the Ray task could not run this cell ({_first_line(cause)}); see docs/ray.md",
                seconds=seconds,
            )
        except ray.exceptions.RayError as exc:
            kind = type(exc).__name__
            lost = tuple(
                getattr(ray.exceptions, name)
                for name in _LOST_TASK_ERRORS
                if hasattr(ray.exceptions, name)
            )
            if isinstance(exc, lost):
                tries = f"{self.retries} retr{'y' if self.retries == 1 else 'ies'}"
                return died_result(
                    state.cell,
                    seconds,
                    f"Ray {kind} after {tries}: {_first_line(exc).split(': ', 1)[-1]}",
                )
            return CellResult(cell=state.cell, error=f"{_first_line(exc)} (Ray)", seconds=seconds)
        if item == STARTED:
            if state.started is None:  # a retried run keeps the deadline of its first start
                state.started = time.monotonic()
            return None
        if not isinstance(item, CellResult):
            return CellResult(
                cell=state.cell,
                error=f"the Ray task returned {type(item).__name__}, not a CellResult",
                seconds=seconds,
            )
        return item
