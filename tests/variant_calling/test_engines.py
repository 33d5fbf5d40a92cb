"""VariantCNN's size, and the batched engine's faithfulness to the plain reference engine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from examples.variant_calling import engines, model

# conv.bias and fc1.bias feed a BatchNorm, which subtracts them again: their gradient is zero up to
# float rounding, and Adam turns that rounding noise into steps of +-lr, so the two engines (whose
# rounding differs) walk them differently without any effect on the outputs. Every other weight
# must agree.
PRE_BN_BIASES = [slice(192, 208), slice(752, 784)]


def _data(n=300, seed=0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.25).astype(np.int64)
    x = rng.normal(size=(n, 12)) + y[:, None] * np.linspace(0, 1, 12)
    return x.astype(np.float32), y


def _comparable(flat):
    keep = torch.ones(flat.shape[-1], dtype=torch.bool)
    for s in PRE_BN_BIASES:
        keep[s] = False
    return flat[..., keep]


def test_parameter_count_is_881_not_the_papers_1169():
    assert model.parameter_count() == 881
    assert model.PAPER_PARAMETER_COUNT == 1_169
    assert engines.N_PARAMS == 881
    assert (
        model.parameter_count(trainable_only=False) == 881 + 96 + 2
    )  # running stats and batch counters


@pytest.mark.parametrize("loss", ["bce", "focal"])
def test_hand_written_gradient_equals_autograd(loss):
    x, y = _data(32)
    config = engines.TrainConfig(loss=loss)
    from pytest_mlaudit.synthetic.losses import make_loss

    seeds = [0, 1, 2]
    params = torch.stack([model.flat_parameters(model.init_model(s)) for s in seeds])
    xb = torch.as_tensor(x).expand(3, 32, 12).contiguous()
    yb = torch.as_tensor(y, dtype=torch.float32).expand(3, 32).contiguous()
    loss_sum, grad, *_ = engines.forward_backward(params, xb, yb, config)
    for i, seed in enumerate(seeds):
        net = model.init_model(seed).train()
        options = {"pos_weight": 3.0} if loss == "bce" else {"alpha": 0.25, "gamma": 2.0}
        value = make_loss(loss, **options)(net(xb[i]), yb[i])
        value.backward()
        expected = torch.cat(
            [
                dict(net.named_parameters())[name].grad.reshape(-1)
                for name, _ in model.PARAMETER_LAYOUT
            ]
        )
        torch.testing.assert_close(
            _comparable(grad[i]), _comparable(expected), atol=1e-6, rtol=1e-4
        )
        assert (
            grad[i][PRE_BN_BIASES[0]].abs().max() < 1e-6
            and expected[PRE_BN_BIASES[0]].abs().max() < 1e-6
        )
        torch.testing.assert_close(loss_sum[i] / 32, value.detach(), atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("loss", ["bce", "focal"])
def test_same_seed_same_weights_after_steps(loss):
    x, y = _data()
    config = engines.TrainConfig(loss=loss, epochs=2)
    steps = (
        15  # crosses an epoch boundary: 300 rows are 10 batches (the last, of 12 rows, included)
    )
    reference = engines.train_reference(x, y, x, y, seed=4, config=config, steps=steps)
    trainer = engines.BatchedTrainer([4, 9], x, y, config, compile=False)
    trainer.run(steps=steps)
    torch.testing.assert_close(
        _comparable(trainer.params[0]),
        _comparable(model.flat_parameters(reference)),
        atol=1e-5,
        rtol=0,
    )
    running_vars = torch.cat([reference.bn1.running_var, reference.bn2.running_var])
    torch.testing.assert_close(
        torch.cat([trainer.buffers[0, 16:32], trainer.buffers[0, 64:96]]),
        running_vars,
        atol=1e-5,
        rtol=1e-5,
    )
    assert not torch.allclose(
        trainer.params[0], trainer.params[1]
    )  # the other seed is another training


def test_seeds_in_a_batch_are_independent_and_datasets_can_differ():
    x, y = _data()
    x2, y2 = _data(seed=5)
    config = engines.TrainConfig(epochs=1)
    together = engines.BatchedTrainer(
        [3, 3], np.stack([x, x2]), np.stack([y, y2]), config, compile=False
    )
    together.run()
    alone = engines.BatchedTrainer([3], x2, y2, config, compile=False)
    alone.run()
    torch.testing.assert_close(
        _comparable(together.params[1]), _comparable(alone.params[0]), atol=1e-6, rtol=0
    )
    assert not torch.allclose(together.params[0], together.params[1])


def test_per_seed_data_order_differs_between_seeds_and_repeats_for_a_seed():
    first, again, other = (
        engines.epoch_orders(1, 100, 3),
        engines.epoch_orders(1, 100, 3),
        engines.epoch_orders(2, 100, 3),
    )
    assert torch.equal(first, again) and not torch.equal(first, other)
    assert not torch.equal(first[0], first[1])  # a new permutation each epoch
    assert torch.equal(first[0].sort().values, torch.arange(100))


def test_precision_hooks_see_flat_tensors_and_their_result_is_used():
    x, y = _data()
    seen = []

    class FreezeHooks:
        def after_backward(self, grad):
            seen.append(tuple(grad.shape))
            return torch.zeros_like(grad)

        def after_step(self, params):
            return params

    trainer = engines.BatchedTrainer(
        [0, 1], x, y, engines.TrainConfig(epochs=1), hooks=FreezeHooks(), compile=False
    )
    before = trainer.params.clone()
    trainer.run(steps=3)
    assert seen == [(2, 881)] * 3
    torch.testing.assert_close(trainer.params, before)
    reference = engines.train_reference(
        x, y, x, y, 0, engines.TrainConfig(epochs=1), hooks=FreezeHooks(), steps=3
    )
    torch.testing.assert_close(model.flat_parameters(reference), before[0])


def test_train_batched_returns_one_result_per_seed():
    x, y = _data()
    results = engines.train_batched(
        x, y, x[:50], y[:50], seeds=[0, 1, 2], config=engines.TrainConfig(epochs=2), compile=False
    )
    assert [r.seed for r in results] == [0, 1, 2]
    for r in results:
        assert r.y_score.shape == (50,) and np.all((r.y_score >= 0) & (r.y_score <= 1))
        assert len(r.losses) == 2 and np.isfinite(r.losses).all()
        np.testing.assert_array_equal(r.y_true, y[:50])


def test_eval_mode_predictions_match_reference_model():
    x, y = _data()
    config = engines.TrainConfig(epochs=1)
    trainer = engines.BatchedTrainer([6], x, y, config, compile=False)
    trainer.run()
    net = model.load_flat(model.VariantCNN(), trainer.params[0], trainer.buffers[0]).eval()
    with torch.no_grad():
        expected = torch.sigmoid(net(torch.as_tensor(x)))
    torch.testing.assert_close(trainer.predict(x)[0], expected, atol=1e-6, rtol=1e-5)


def test_bad_config_is_named():
    with pytest.raises(ValueError, match="loss"):
        engines.TrainConfig(loss="hinge")
    with pytest.raises(ValueError, match="batch_size"):
        engines.TrainConfig(batch_size=1)
    assert engines.batch_bounds(65, 32) == [(0, 32), (32, 64)]  # a last batch of one row is dropped
    assert engines.batch_bounds(70, 32)[-1] == (64, 70)


def _shared_job(seeds, x, y, config):
    return engines.train_batched(
        x, y, x[:60], y[:60], seeds=list(seeds), config=config, compile=False
    )


def _shifted_job(seeds, x, y, config):
    stacked = np.stack([x + np.float32(s) for s in seeds])
    labels = np.stack([y] * len(seeds))
    return engines.train_batched(
        stacked, labels, stacked[:, :60], y[:60], seeds=list(seeds), config=config, compile=False
    )


def test_batched_runs_trains_each_condition_once_and_matches_train_batched():
    from examples.variant_calling.runs import BatchedRuns

    x, y = _data()
    config = engines.TrainConfig(epochs=1)
    runs = BatchedRuns()

    first = [runs.run("a", s, range(3), _shared_job, x, y, config) for s in range(3)]
    assert runs.batches == 1
    direct = engines.train_batched(
        x, y, x[:60], y[:60], seeds=range(3), config=config, compile=False
    )
    for run, result in zip(first, direct):
        np.testing.assert_allclose(run.y_score, result.y_score, atol=1e-6)
    runs.run("a", 7, range(3), _shared_job, x, y, config)  # a seed beyond the job's: one more
    assert runs.batches == 2

    noisy = runs.run("b", 1, range(2), _shifted_job, x, y, config)
    alone = _shifted_job([1], x, y, config)[0]
    assert runs.batches == 3
    # a different batch (2 seeds, not 1) rounds the pre-BatchNorm biases differently: their noise
    # walk reaches evaluation through the running means, at the 1e-4 level
    np.testing.assert_allclose(noisy.y_score, alone.y_score, atol=2e-3)


def test_worker_processes_give_the_in_process_results():
    """The pool's point: two worker processes, the same numbers as training in-process."""
    from examples.variant_calling.pool import TrainingPool

    x, y = _data()
    config = engines.TrainConfig(epochs=2)
    pool = TrainingPool(workers=2)
    try:
        pool.submit("a", _shared_job, (0, 1), x, y, config)
        pool.submit("b", _shared_job, (2,), x, y, config)
        pool.submit("a", _shared_job, (5,), x, y, config)  # same key: ignored
        in_workers = pool.result("a") + pool.result("b")
    finally:
        pool.close()
    inline = _shared_job((0, 1), x, y, config) + _shared_job((2,), x, y, config)
    assert [r.seed for r in in_workers] == [0, 1, 2]
    for a, b in zip(in_workers, inline):  # bit for bit: same batches, one thread each
        np.testing.assert_array_equal(a.y_score, b.y_score)
    assert set(pool.busy_seconds) == {"a", "b"}
    with pytest.raises(KeyError, match="no job"):
        pool.result("never submitted")


def test_pool_size_comes_from_the_environment(monkeypatch):
    from examples.variant_calling import pool

    monkeypatch.setenv("MLAUDIT_TRAIN_WORKERS", "3")
    assert pool.default_workers() == 3 and pool.TrainingPool().parallel
    monkeypatch.setenv("MLAUDIT_TRAIN_WORKERS", "0")
    assert not pool.TrainingPool().parallel
    monkeypatch.setenv("MLAUDIT_TRAIN_WORKERS", "two")
    with pytest.raises(ValueError, match="MLAUDIT_TRAIN_WORKERS"):
        pool.default_workers()
    monkeypatch.delenv("MLAUDIT_TRAIN_WORKERS")
    assert 1 <= pool.default_workers() <= 4


def _marked_sleep(seeds, seconds, marker):
    """A stand-in training: says it started (a file), then sleeps."""
    import time
    from pathlib import Path

    Path(marker).touch()
    time.sleep(seconds)
    return list(seeds)


def test_closing_the_pool_does_not_wait_for_jobs_nobody_collected(tmp_path):
    """A test that fails early (or -x, or Ctrl-C) must not leave the session waiting on training:
    two jobs running in the two workers and one queued behind them; closing the pool returns at
    once, the running ones are stopped with their workers and the queued one never starts."""
    import time

    from examples.variant_calling.pool import TrainingPool

    markers = [tmp_path / f"started-{name}" for name in ("a", "b", "queued")]
    pool = TrainingPool(workers=2)
    try:
        for name, marker in zip(("a", "b", "queued"), markers):
            pool.submit(name, _marked_sleep, (0,), 600, str(marker))
        # spawning a worker imports torch: slow on a loaded machine, so wait for it, not a guess
        deadline = time.monotonic() + 300
        while not (markers[0].exists() and markers[1].exists()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert markers[0].exists() and markers[1].exists(), "the workers never started the jobs"
        processes = list(pool._executor._processes.values())
        assert len(processes) == 2 and all(p.is_alive() for p in processes)
        start = time.perf_counter()
        pool.close()
        assert time.perf_counter() - start < 60  # not the 600 s of the jobs
        assert not any(p.is_alive() for p in processes)  # terminated, not left training
        assert not markers[2].exists()  # the queued job was cancelled
    finally:
        pool.close()


POOL_THEN_WAIT = """
import sys, time
from examples.variant_calling.pool import TrainingPool

pool = TrainingPool(workers=2)
pool.submit("a", time.sleep, 120)
pool.submit("b", time.sleep, 120)
while len(pool._executor._processes) < 2:
    time.sleep(0.05)
print(" ".join(str(pid) for pid in pool._executor._processes), flush=True)
time.sleep(120)
"""


def test_pool_workers_die_with_the_session_that_started_them(tmp_path):
    """A killed session (SIGKILL: no cleanup runs) must not leave its workers training for nobody."""
    root = Path(__file__).resolve().parents[2]
    session = subprocess.Popen(
        [sys.executable, "-c", POOL_THEN_WAIT],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        workers = [int(pid) for pid in session.stdout.readline().split()]
        assert len(workers) == 2
        os.kill(session.pid, signal.SIGKILL)
        session.wait(timeout=30)
        deadline = time.monotonic() + 30
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [pid for pid in workers if _running(pid)]
        assert alive == [], f"workers {alive} outlived their session"
    finally:
        session.kill()


def _running(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        os.kill(pid, 0)
        return True
