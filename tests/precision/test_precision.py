"""Precision conditions: one training loop for every name; real autocast/GradScaler; emulation."""

from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")

from pytest_mlaudit.precision import EMULATED, NAMES, Precision, PrecisionError  # noqa: E402
from pytest_mlaudit.precision.rounding import quantize  # noqa: E402


def data(n=256, seed=0):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 12, generator=generator)
    y = (x[:, 0] + 0.5 * torch.randn(n, generator=generator) > 0.6).float()
    return x, y


def train(name, *, seed=0, steps=20, activations=False, precision=None, model=None, start=0):
    """The one loop of the docs: every condition runs through the same lines."""
    torch.manual_seed(seed)
    model = model or torch.nn.Sequential(
        torch.nn.Linear(12, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)
    )
    p = precision or Precision(name, seed=seed, activations=activations)
    model = p.prepare_model(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    x, y = data()
    losses = []
    for step in range(start, steps):
        xb, yb = p.inputs(x[step * 8 % 256 :][:32], y[step * 8 % 256 :][:32])
        optimizer.zero_grad()
        with p.autocast():
            logits = model(xb).squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits.float() if p.name != "fp64" else logits, yb
        )
        p.backward(loss)
        p.step(optimizer)
        losses.append(loss.item())
    return model, p, losses


@pytest.mark.parametrize("name", NAMES)
def test_one_loop_serves_every_condition(name):
    model, p, losses = train(name)
    assert all(math.isfinite(v) for v in losses) and losses[-1] < losses[0]
    assert p.step_count == 20
    info = p.describe()
    assert info["name"] == name and info["kind"] == ("emulated" if name in EMULATED else "real")
    assert info["grad_scaler"] == (name == "fp16")


def test_real_conditions_route_dtypes():
    x, _ = data(8)
    model = torch.nn.Linear(12, 1)
    for name, dtype in [("fp32", torch.float32), ("bf16", torch.bfloat16), ("fp16", torch.float16)]:
        p = Precision(name)
        with p.autocast():
            assert p.prepare_model(model)(p.inputs(x)).dtype == dtype
    p = Precision("fp64")
    model64 = p.prepare_model(torch.nn.Linear(12, 1))
    assert all(w.dtype == torch.float64 for w in model64.parameters())
    xb, labels = p.inputs(x, torch.ones(8, dtype=torch.long))
    assert xb.dtype == torch.float64 and labels.dtype == torch.long  # integers stay integers
    assert model64(xb).dtype == torch.float64


def test_fp16_grad_scaler_skips_a_step_whose_gradient_overflowed():
    p = Precision("fp16", init_scale=1024.0)
    model = p.prepare_model(torch.nn.Linear(12, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    before = [w.detach().clone() for w in model.parameters()]
    with p.autocast():
        loss = model(p.inputs(data(8)[0])).float().sum() * float("inf")
    p.backward(loss)
    assert p.step(optimizer) is False
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert p.scaler.get_scale() == 512.0
    optimizer.zero_grad()
    with p.autocast():
        loss = model(p.inputs(data(8)[0])).float().sum()
    p.backward(loss)
    assert p.step(optimizer) is True
    assert not all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


@pytest.mark.parametrize("name", EMULATED)
def test_emulated_weights_and_gradients_are_representable(name):
    fmt, mode = name.split("-")
    model, p, _ = train(name, steps=5)
    for w in model.parameters():
        assert torch.equal(quantize(w.detach(), fmt, "rtn"), w.detach()), (
            "weights rounded after the step"
        )
        assert torch.equal(quantize(w.grad, fmt, "rtn"), w.grad), "gradients rounded after backward"
    # without rounding (fp32), the same training leaves weights that are not representable
    reference, _, _ = train("fp32", steps=5)
    assert any(
        not torch.equal(quantize(w.detach(), fmt, "rtn"), w.detach())
        for w in reference.parameters()
    )


def test_stochastic_rounding_is_reproducible_seeded_and_resumable():
    first = [w.detach().clone() for w in train("fp16-sr", seed=3)[0].parameters()]
    again = [w.detach().clone() for w in train("fp16-sr", seed=3)[0].parameters()]
    assert all(torch.equal(a, b) for a, b in zip(first, again))
    # SR bits come from (seed, step): a different Precision seed alone changes the result
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(12, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    other = [
        w.detach().clone()
        for w in train("fp16-sr", seed=3, model=model, precision=Precision("fp16-sr", seed=99))[
            0
        ].parameters()
    ]
    assert not all(torch.equal(a, b) for a, b in zip(first, other))
    # a checkpoint carries what the SR bits depend on: seed and step
    _, p, _ = train("fp16-sr", seed=3, steps=8)
    resumed = Precision("fp16-sr", seed=0)
    resumed.load_state_dict(p.state_dict())
    assert resumed.seed == 3 and resumed.step_count == 8
    with pytest.raises(PrecisionError, match="written under 'fp16-sr'"):
        Precision("bf16-sr").load_state_dict(p.state_dict())


def test_resumed_generator_draws_the_same_bits_as_the_uninterrupted_run():
    p = Precision("bf16-sr", seed=5)
    q = Precision("bf16-sr", seed=5)
    q.load_state_dict({"name": "bf16-sr", "seed": 5, "step": 7, "scaler": None})
    p.step_count = 7
    g = torch.randn(1000)
    assert torch.equal(
        quantize(g, "bf16", "sr", generator=p._generator(0)),
        quantize(g, "bf16", "sr", generator=q._generator(0)),
    )


def test_activation_rounding_rounds_leaf_outputs_and_keeps_gradients():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(12, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    p = Precision("bf16-rtn", activations=True)
    model = p.prepare_model(model)
    outputs = []
    model[0].register_forward_hook(lambda m, i, o: outputs.append(o))
    x = data(4)[0]
    y = model(x)
    assert torch.equal(quantize(y.detach(), "bf16", "rtn"), y.detach())
    y.sum().backward()
    assert model[0].weight.grad is not None and model[0].weight.grad.abs().sum() > 0
    p.remove_hooks()
    assert not p._hooks
    plain = model(x)  # the last Linear's own output, no longer rounded
    assert not torch.equal(quantize(plain.detach(), "bf16", "rtn"), plain.detach())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"name": "fp8"},
            "unknown precision 'fp8'; valid names: fp64, fp32, bf16, fp16, fp16-rtn, fp16-sr, bf16-rtn, bf16-sr",
        ),
        ({"name": "fp16", "device": "cuda"}, "precision 'fp16': device 'cuda' is not available"),
        ({"name": "fp16", "device": "tpu"}, "precision 'fp16': device 'tpu' is not a torch device"),
        (
            {"name": "fp16", "device": "meta"},
            "device 'meta' is not supported; use one of cpu, cuda",
        ),
        (
            {"name": "fp16", "activations": True},
            "activations=True applies to emulated conditions only",
        ),
        ({"name": "fp16-sr", "seed": 1.5}, "precision 'fp16-sr': seed must be an integer, got 1.5"),
    ],
)
def test_bad_names_and_devices_are_one_line_errors(kwargs, message):
    if kwargs.get("device") == "cuda" and torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the unavailable-device message cannot occur")
    name = kwargs.pop("name")
    with pytest.raises(PrecisionError) as error:
        Precision(name, **kwargs)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_importing_the_precision_module_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, pytest_mlaudit.precision, pytest_mlaudit.precision.decorator, pytest_mlaudit.precision.rounding; print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"
