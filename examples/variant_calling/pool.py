"""Batched trainings on every core: a pool of worker processes fed before the tests ask.

The plugin calls a sweep test once per cell, one after another, so the findings' trainings would
run one at a time on one core. Each test module of this example lists the batched trainings it
will need (``planned_jobs()``); ``conftest.py`` hands them all to a :class:`TrainingPool` when
collection ends, longest first, and the tests then only wait for results. Two workers on a 2-core
machine keep both cores busy while the main process runs the tests' statistics.

A job is a module-level function of :mod:`jobs` and its arguments (data specs, seeds, training
config: small and picklable; each worker loads the datasets from the disk cache itself), so a
result does not depend on which process trained it: the same seeds give the same numbers in a
worker, in the main process, or with ``MLAUDIT_TRAIN_WORKERS=0`` (everything in-process, lazily).
Results travel back by pickle between these processes of one run only; nothing is stored.

``MLAUDIT_TRAIN_WORKERS=N`` sets the number of worker processes (default: the CPUs this process
may use, at most 4); under pytest-xdist each xdist worker trains in-process, as xdist already
uses the cores.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor


def default_workers() -> int:
    value = os.environ.get("MLAUDIT_TRAIN_WORKERS")
    if value is not None:
        try:
            workers = int(value)
        except ValueError:
            raise ValueError(
                f"MLAUDIT_TRAIN_WORKERS must be a whole number, got {value!r}"
            ) from None
        if workers < 0:
            raise ValueError(f"MLAUDIT_TRAIN_WORKERS must be 0 or more, got {workers}")
        return workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


class TrainingPool:
    """Jobs keyed by a hashable name; each runs once, in a worker or (``workers <= 1``) inline."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self._executor: ProcessPoolExecutor | None = None
        self._futures: dict = {}  # key -> Future
        self._inline: dict = {}  # key -> (function, args) not yet run (no workers)
        self._results: dict = {}
        self.busy_seconds: dict = {}  # key -> seconds the job took where it ran

    @property
    def parallel(self) -> bool:
        return self.workers >= 2

    def submit(self, key: Hashable, function: Callable, *args) -> None:
        """Start ``function(*args)`` under ``key`` unless a job of that key exists already."""
        if key in self._futures or key in self._inline or key in self._results:
            return
        if not self.parallel:
            self._inline[key] = (function, args)
            return
        if self._executor is None:
            import multiprocessing

            # spawn, not fork: the parent has torch's thread pools running
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )
        self._futures[key] = self._executor.submit(_timed, function, args)

    def result(self, key: Hashable):
        """The job's result, waiting for it if it is still running (an error is raised here)."""
        if key in self._results:
            return self._results[key]
        if key in self._inline:
            function, args = self._inline.pop(key)
            value, seconds = _timed(function, args)
        elif key in self._futures:
            future: Future = self._futures.pop(key)
            value, seconds = future.result()
        else:
            raise KeyError(f"no job {key!r} was submitted")
        self.busy_seconds[key] = seconds
        self._results[key] = value
        return value

    def has(self, key: Hashable) -> bool:
        return key in self._results or key in self._futures or key in self._inline

    def close(self) -> None:
        """Stop the workers. Jobs nobody collected (a test failed early, ``-x``, Ctrl-C) are
        cancelled, and a worker still training one is terminated rather than waited for."""
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        unfinished = [f for f in self._futures.values() if not f.done()]
        processes = list(getattr(executor, "_processes", {}).values())
        executor.shutdown(wait=not unfinished, cancel_futures=True)
        if unfinished:
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join(timeout=10)
                if process.is_alive():  # a loaded machine, or a worker deaf to SIGTERM
                    process.kill()
                    process.join(timeout=10)
            # the executor's own thread may reap a worker at the same moment (it joins them on
            # shutdown); `is_alive()` then reads True until that thread records the exit code
            deadline = time.monotonic() + 10
            while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
                time.sleep(0.05)
        self._futures.clear()


def _die_with_parent(parent: int) -> None:
    """A worker exits when the session that started it is gone (killed, SIGTERM, a crash):
    otherwise it would train the rest of its queue for nobody, holding a core."""
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="training-pool-parent-watch", daemon=True).start()


def _timed(function: Callable, args: tuple):
    start = time.process_time()
    value = function(*args)
    return value, time.process_time() - start
