"""Per-seed ``Run``s for the plugin, trained many seeds at a time by the batched engine.

The plugin calls a sweep test once per cell (one seed, one condition). Training one seed per call
would throw away the batched engine, so :class:`BatchedRuns` trains every declared seed of a
condition on the first call for that condition and hands out the stored result on the others.
It relies on the cells of a condition running in one process (the default serial executor; with
``--mlaudit-workers N`` every worker would train the whole batch again, correct but N times the
work). A seed the test did not declare (``--mlaudit-seeds`` beyond the list) is trained with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from .engines import TrainConfig, train_batched


class BatchedRuns:
    def __init__(self, compile: bool | None = None) -> None:
        self._results: dict = {}
        self.compile = compile
        self.batches = 0  # how many batched trainings ran (the tests of this helper read it)

    def run(
        self,
        condition: Hashable,
        seed: int,
        seeds: Iterable[int],
        build: Callable,
        config: TrainConfig = TrainConfig(),
        hooks=None,
    ):
        """The ``pytest_mlaudit.Run`` of ``seed`` under ``condition``.

        ``build(seed)`` returns ``(x_train, y_train, x_test, y_test)`` for that seed; when every
        seed gets the same arrays (the same objects) they are shared, else stacked per seed.
        """
        from pytest_mlaudit import Run

        key = (condition, seed)
        if key not in self._results:
            batch = [
                s for s in dict.fromkeys([*seeds, seed]) if (condition, s) not in self._results
            ]
            self._train(condition, batch, build, config, hooks)
        result = self._results[key]
        return Run(result.y_true, result.y_score, losses=result.losses)

    def _train(self, condition, batch, build, config, hooks) -> None:
        import numpy as np

        data = [build(s) for s in batch]
        shared = all(all(a is b for a, b in zip(d, data[0])) for d in data)
        if shared:
            x_train, y_train, x_test, y_test = data[0]
        else:
            x_train, y_train, x_test = (np.stack([d[i] for d in data]) for i in range(3))
            y_test = data[0][3]
            if any(not np.array_equal(d[3], y_test) for d in data):
                raise ValueError("build(seed) must give every seed the same test labels")
        results = train_batched(
            x_train,
            y_train,
            x_test,
            y_test,
            seeds=batch,
            config=config,
            hooks=hooks,
            compile=self.compile,
        )
        self.batches += 1
        for seed, result in zip(batch, results):
            self._results[(condition, seed)] = result
