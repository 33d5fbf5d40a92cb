"""Per-seed ``Run``s for the plugin, trained many seeds at a time by the batched engine.

The plugin calls a sweep test once per cell (one seed, one condition). Training one seed per call
would throw away the batched engine, so :class:`BatchedRuns` trains every declared seed of a
condition as one job of :mod:`jobs` and hands out the stored result cell by cell. Jobs run in a
:class:`pool.TrainingPool`: the conftest submits every planned job when collection ends, so by the
time a test asks for a condition it is trained or training on another core. A seed the test did
not declare (``--mlaudit-seeds`` beyond the list) is trained in a job of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from .pool import TrainingPool


class BatchedRuns:
    def __init__(self, pool: TrainingPool | None = None) -> None:
        self.pool = pool if pool is not None else TrainingPool(workers=0)
        self._by_seed: dict = {}  # condition -> {seed: TrainResult}
        self.batches = 0  # jobs whose results were collected (the tests of this helper read it)

    def plan(self, condition: Hashable, seeds: Iterable[int], function: Callable, *args) -> None:
        """Submit ``function(seeds, *args)`` for ``condition`` (once; later calls do nothing)."""
        self.pool.submit(condition, function, tuple(seeds), *args)

    def results(self, condition: Hashable, seeds: Iterable[int], function: Callable, *args):
        """``{seed: TrainResult}`` of the condition's job (planned with ``seeds`` if not yet)."""
        self.plan(condition, seeds, function, *args)
        if condition not in self._by_seed:
            batch = self.pool.result(condition)
            self.batches += 1
            self._by_seed[condition] = {r.seed: r for r in batch}
        return self._by_seed[condition]

    def run(self, condition: Hashable, seed: int, seeds: Iterable[int], function: Callable, *args):
        """The ``pytest_mlaudit.Run`` of ``seed`` under ``condition``.

        ``seeds`` are the seeds the test declares, trained together if the condition was not
        planned already; a seed the condition's job does not hold is trained in a job of its own.
        """
        from pytest_mlaudit import Run

        held = self.results(condition, seeds, function, *args)
        if seed not in held:
            key = (condition, "extra", seed)
            self.pool.submit(key, function, (seed,), *args)
            self.batches += 1
            held.update({r.seed: r for r in self.pool.result(key)})
        result = held[seed]
        return Run(result.y_true, result.y_score, losses=result.losses)
