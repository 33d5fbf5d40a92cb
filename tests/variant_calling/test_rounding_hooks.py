"""Precision hooks of the batched engine: exact rounding, reproducible stochastic bits."""

import pytest

torch = pytest.importorskip("torch")

from examples.variant_calling.rounding_hooks import RoundingHooks, hooks_for  # noqa: E402


def test_fp32_has_no_hooks_and_unknown_names_are_refused():
    assert hooks_for("fp32") is None
    with pytest.raises(ValueError, match="precision must be one of"):
        hooks_for("fp8")


def test_rtn_is_the_cast_to_the_format():
    x = torch.randn(4, 881)
    assert torch.equal(hooks_for("fp16-rtn").after_backward(x), x.half().float())
    assert torch.equal(hooks_for("bf16-rtn").after_step(x), x.bfloat16().float())


def test_sr_bits_depend_on_seed_and_step_only():
    x = torch.randn(8, 881)
    a, b, c = (
        RoundingHooks("fp16-sr", seed=3),
        RoundingHooks("fp16-sr", seed=3),
        RoundingHooks("fp16-sr", seed=4),
    )
    assert torch.equal(a.after_backward(x), b.after_backward(x))
    assert not torch.equal(a.after_backward(x), c.after_backward(x))
    first = a.after_step(x)  # advances the step: the next draw differs
    assert not torch.equal(first, a.after_step(x))
    assert torch.equal(first, b.after_step(x))
    assert torch.equal(first.half().float(), first)  # every value is an fp16 number
    assert (
        (first - x).abs() <= x.abs() * 2.0**-10 + 2.0**-24
    ).all()  # within one fp16 spacing of x
