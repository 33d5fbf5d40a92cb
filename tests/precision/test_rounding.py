"""quantize(): round-to-nearest bit-identical to torch's casts, stochastic rounding unbiased.

The full 2^32 sweep is benchmarks/rounding_exhaustive.py; here: every fp16/bf16 value, every
midpoint between neighbours (the ties) and the float32 patterns one ulp either side of it, the
special values, float32 subnormals and random bit patterns.
"""

from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")

from pytest_mlaudit.precision import rounding  # noqa: E402
from pytest_mlaudit.precision.rounding import (  # noqa: E402
    neighbours,
    quantize,
    quantize_,
    step_generator,
    step_seed,
)

NATIVE = {
    "fp16": lambda x: x.to(torch.float16).to(x.dtype),
    "bf16": lambda x: x.to(torch.bfloat16).to(x.dtype),
}
LOW_DTYPE = {"fp16": torch.float16, "bf16": torch.bfloat16}


def assert_same_as_native(x, fmt):
    ours = quantize(x, fmt, "rtn")
    reference = NATIVE[fmt](x)
    assert ours.dtype == x.dtype and ours.shape == x.shape
    int_dtype = torch.int32 if x.dtype == torch.float32 else torch.int64
    same = (ours.view(int_dtype) == reference.view(int_dtype)) | (ours.isnan() & reference.isnan())
    bad = torch.nonzero(~same.reshape(-1)).reshape(-1)
    assert bad.numel() == 0, (
        f"{bad.numel()} mismatches, e.g. x={x.reshape(-1)[bad[:3]].tolist()} "
        f"ours={ours.reshape(-1)[bad[:3]].tolist()} torch={reference.reshape(-1)[bad[:3]].tolist()}"
    )


def every_value_and_tie(fmt):
    """All 2^16 patterns of the format as float32, the midpoints between neighbours and the float32
    values one ulp either side of each midpoint (overflow threshold and subnormal boundaries
    included: the midpoint above max is the overflow threshold)."""
    patterns = torch.arange(-(1 << 15), 1 << 15, dtype=torch.int32).to(torch.int16)
    values = patterns.view(LOW_DTYPE[fmt]).to(torch.float32)
    finite = values[torch.isfinite(values)]
    positive = torch.unique(finite.abs())
    # the value above max is 2^(emax+1), not representable: the midpoint there is the overflow threshold
    top = torch.tensor([2.0 ** (16 if fmt == "fp16" else 128)], dtype=torch.float64)
    grid = torch.cat([positive.double(), top])
    mid = ((grid[1:] + grid[:-1]) / 2).float()  # exact in float32: one bit more than the format
    mid_bits = mid.view(torch.int32)
    near = torch.cat([mid_bits - 1, mid_bits, mid_bits + 1]).view(torch.float32)
    both_signs = torch.cat([values, near, -near])
    return both_signs


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_every_format_value_tie_and_neighbour_matches_torch(fmt):
    x = every_value_and_tie(fmt)
    assert x.numel() > 250_000
    assert_same_as_native(x, fmt)


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_special_values_match_torch(fmt):
    specials = [
        0.0,
        -0.0,
        math.inf,
        -math.inf,
        math.nan,
        65504.0,
        65519.99609375,
        65520.0,
        65520.00390625,
        65536.0,
        1e38,
        3.4028234663852886e38,
        6.103515625e-05,
        6.097555160522461e-05,
        5.960464477539063e-08,
        2.9802322387695312e-08,
        2.980232594040899e-08,
        1e-45,
        -1e-45,
        1.1754942106924411e-38,
        1.1754943508222875e-38,
        9.183549615799121e-41,
        1.0,
    ]
    x = torch.tensor(specials, dtype=torch.float32)
    nan_patterns = torch.tensor(
        [0x7F800001, 0x7FC00000, 0x7FFFFFFF, 0x7F801000, 0x7FBFFFFF, -0x007FFFFF, -1, -0x00400000],
        dtype=torch.int32,
    ).view(torch.float32)
    x = torch.cat([x, -x, nan_patterns])
    assert_same_as_native(x, fmt)
    ours = quantize(x, fmt, "rtn")
    # documented: a NaN keeps its sign (torch's casts do not promise it)
    nan_in = x.isnan()
    assert torch.equal(torch.signbit(ours[nan_in]), torch.signbit(x[nan_in]))


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_random_bit_patterns_and_float32_subnormals_match_torch(fmt):
    generator = torch.Generator().manual_seed(11)
    patterns = torch.randint(-(2**31), 2**31, (1 << 20,), dtype=torch.int32, generator=generator)
    assert_same_as_native(patterns.view(torch.float32), fmt)
    subnormals = torch.randint(1, 1 << 23, (1 << 16,), dtype=torch.int32, generator=generator)
    x = torch.cat([subnormals, subnormals | -(1 << 31)]).view(torch.float32)
    assert_same_as_native(x, fmt)


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
@pytest.mark.parametrize("scale", [1.0, 1e-4, 1e-6])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_weight_and_gradient_like_tensors_match_torch_on_every_path(fmt, scale, dtype, monkeypatch):
    # scale 1: few values below fp16's normal range; 1e-4 and 1e-6: most are. float32 -> fp16 goes
    # through the chunked one-pass rounding (several chunks here, the last one short); float64 ->
    # fp16 through the sparse path at scale 1 and the dense one below. All must agree with torch
    # (float64 on values exact in float32, where torch's double rounding is harmless).
    calls = {"chunked": 0, "dense": 0}
    for name, key in (("_round_float32_to_fp16", "chunked"), ("_round_dense", "dense")):
        original = getattr(rounding, name)
        monkeypatch.setattr(
            rounding,
            name,
            lambda *a, _o=original, _k=key, **k: (
                calls.__setitem__(_k, calls[_k] + 1) or _o(*a, **k)
            ),
        )
    generator = torch.Generator().manual_seed(3)
    x = (torch.randn(3, 50_001, generator=generator) * scale).to(
        dtype
    )  # not a multiple of any block
    assert_same_as_native(x, fmt)
    assert calls["chunked"] == (fmt == "fp16" and dtype == torch.float32)
    assert calls["dense"] == (fmt == "fp16" and dtype == torch.float64 and scale < 1.0)


def test_chunked_path_handles_specials_in_any_chunk():
    # NaN, Inf, overflow, -0 and tiny values placed in the second chunk and at the very end.
    x = torch.randn(rounding._CHUNK * 2 + 5) * 1e-4
    specials = torch.tensor(
        [math.nan, -math.nan, math.inf, -math.inf, 65519.0, 65520.0, -7e4, -0.0, -1e-9, 3e-8, 1e-45]
    )
    x[rounding._CHUNK + 10 : rounding._CHUNK + 10 + specials.numel()] = specials
    x[-specials.numel() :] = specials
    assert_same_as_native(x, "fp16")
    q = quantize(x, "fp16", "sr", generator=torch.Generator().manual_seed(5))
    tail = q[-specials.numel() :]
    assert tail[:2].isnan().all() and tail[2:4].tolist() == [math.inf, -math.inf]
    assert (
        tail[4].item() in (65504.0, math.inf)
        and tail[5].item() in (65504.0, math.inf)
        and tail[6].item() == -math.inf
    )
    assert (
        torch.signbit(tail[7]) and torch.signbit(tail[8]) and tail[8].item() in (0.0, -(2.0**-24))
    )
    lower, upper = neighbours(x, "fp16")
    finite = torch.isfinite(x) & (x.abs() < 65504)
    assert bool(((q[finite] == lower[finite]) | (q[finite] == upper[finite])).all())


def test_non_contiguous_grad_and_odd_shapes():
    x = torch.randn(64, 33, requires_grad=True)
    view = x.t()[::2]
    q = quantize(view, "fp16")
    assert q.shape == view.shape and not q.requires_grad
    assert torch.equal(q, view.detach().half().float())
    assert quantize(torch.tensor(1.0 + 2**-12), "bf16").item() == 1.0  # 0-dim
    assert quantize(torch.empty(0, 3), "fp16", "sr").shape == (0, 3)
    assert torch.equal(x, x)  # input untouched
    y = torch.randn(1000)
    expected = y.bfloat16().float()
    assert quantize_(y, "bf16") is y and torch.equal(y, expected)


def test_float64_rounds_once_where_torch_rounds_twice():
    # torch casts float64 -> float32 -> fp16; 1 + 2^-11 + 2^-40 is above the midpoint between 1 and
    # 1 + 2^-10 but becomes the midpoint in float32, which then ties to even (1.0).
    x = torch.tensor([1 + 2**-11 + 2**-40, 1 + 2**-11], dtype=torch.float64)
    assert quantize(x, "fp16").tolist() == [1 + 2**-10, 1.0]
    assert x.half().double().tolist() == [1.0, 1.0]


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_float64_matches_torch_on_values_exact_in_float32(fmt):
    x32 = torch.cat([every_value_and_tie(fmt), torch.randn(100_000) * 1e-3])
    assert_same_as_native(x32.double(), fmt)


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
@pytest.mark.parametrize("scale", ["wide", "below normal"])
def test_float64_round_to_nearest_is_the_nearer_neighbour(fmt, scale, monkeypatch):
    calls = []
    original = rounding._round_dense
    monkeypatch.setattr(
        rounding, "_round_dense", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    generator = torch.Generator().manual_seed(5)
    x = torch.randn(200_000, dtype=torch.float64, generator=generator) * torch.exp(
        torch.randn(200_000, dtype=torch.float64, generator=generator) * 8
    )
    if scale == "below normal":  # most values in the format's subnormal range: the dense path
        x = x * 2.0 ** (-20 if fmt == "fp16" else -132) / x.abs().median()
    q = quantize(x, fmt, "rtn")
    lower, upper = neighbours(x, fmt)
    finite = torch.isfinite(upper) & torch.isfinite(lower)
    x, q, lower, upper = x[finite], q[finite], lower[finite], upper[finite]
    assert bool(((q == lower) | (q == upper)).all())
    below, above = x - lower, upper - x  # exact (Sterbenz) for neighbours this close
    nearer = torch.where(below < above, lower, upper)
    tie = below == above
    assert bool((q[~tie] == nearer[~tie]).all())
    if scale == "below normal":
        assert calls, "the dense path did not run"


def test_bad_arguments_are_one_line_errors():
    x = torch.ones(3)
    with pytest.raises(ValueError, match=r"fmt must be one of \['fp16', 'bf16'\], got 'fp8'"):
        quantize(x, "fp8")
    with pytest.raises(ValueError, match=r"mode must be one of \['rtn', 'sr'\], got 'nearest'"):
        quantize(x, "fp16", "nearest")
    with pytest.raises(ValueError, match="must be float32 or float64, got torch.float16"):
        quantize(x.half(), "fp16")
    with pytest.raises(TypeError, match="must be a torch.Tensor"):
        quantize([1.0], "fp16")

    class CudaGenerator:
        device = torch.device("cuda", 0)

    with pytest.raises(ValueError, match=r"generator is on cuda:0 but the tensor is on cpu"):
        quantize(x, "fp16", "sr", generator=CudaGenerator())


# -- stochastic rounding ------------------------------------------------------------------------

SR_VALUES = {
    # fp16: normal range, near max, the subnormal range, below the smallest subnormal
    "fp16": [
        1.2345678,
        -3.3e-3,
        60000.7,
        0.33333334,
        3.3e-6,
        -1.0e-7,
        4.1e-5,
        1.0e-8,
        -2.0e-8,
        7.7e-12,
    ],
    # bf16: normal range, large, bf16 subnormals (float32 subnormals too)
    "bf16": [1.2345678, -3.3e-3, 3.0e38, 1.0e-3, 3.0e-39, -1.0e-40, 7.0e-45, 0.1],
}


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_stochastic_rounding_is_unbiased_and_only_hits_neighbours(fmt, dtype):
    draws = 1_000_000 // len(SR_VALUES[fmt]) + 1
    generator = torch.Generator().manual_seed(2024)
    total = 0
    for value in SR_VALUES[fmt]:
        x = torch.full((draws,), value, dtype=dtype)
        q = quantize(x, fmt, "sr", generator=generator)
        lower, upper = (t[0].item() for t in neighbours(x[:1], fmt))
        v = x[0].item()
        assert lower <= v <= upper and lower < upper, (value, lower, upper)
        hit_upper = q == upper
        assert bool(((q == lower) | hit_upper).all()), (
            f"{value}: a result other than {lower} or {upper}"
        )
        # E[q] = x  <=>  P(upper) = (x - lower) / (upper - lower); Bernoulli standard error
        p = (v - lower) / (upper - lower)
        observed = hit_upper.double().mean().item()
        standard_error = math.sqrt(p * (1 - p) / draws)
        assert abs(observed - p) <= 4 * standard_error + 1e-12, (value, observed, p, standard_error)
        total += draws
    assert total >= 1_000_000


def test_stochastic_rounding_of_representable_values_zero_and_nan():
    x = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, math.inf, -math.inf, math.nan])
    for _ in range(20):
        q = quantize(x, "fp16", "sr")
        assert q[:7].tolist() == x[:7].tolist() and torch.signbit(q[1]) and math.isnan(q[7].item())


def test_stochastic_rounding_beyond_max_goes_to_inf_with_the_documented_probability():
    # between max (65504) and 2^16 the upper "neighbour" is Inf: P(Inf) = (x - 65504) / 32
    x = torch.full((200_000,), 65512.0)
    q = quantize(x, "fp16", "sr", generator=torch.Generator().manual_seed(1))
    assert set(q.unique().tolist()) == {65504.0, math.inf}
    assert abs((q == math.inf).double().mean().item() - 0.25) < 4 * math.sqrt(0.25 * 0.75 / 200_000)
    assert quantize(torch.tensor([70000.0, -1e30]), "fp16", "sr").tolist() == [math.inf, -math.inf]


def test_stochastic_rounding_randomness_is_controlled():
    x = torch.randn(10_000) * 1e-3
    first = quantize(x, "bf16", "sr", generator=torch.Generator().manual_seed(7))
    again = quantize(x, "bf16", "sr", generator=torch.Generator().manual_seed(7))
    other = quantize(x, "bf16", "sr", generator=torch.Generator().manual_seed(8))
    assert torch.equal(first, again) and not torch.equal(first, other)
    torch.manual_seed(3)
    a = quantize(x, "fp16", "sr")
    torch.manual_seed(3)
    b = quantize(x, "fp16", "sr")
    assert torch.equal(a, b)  # no generator: torch's default generator, so torch.manual_seed rules


def test_step_generator_depends_only_on_seed_step_and_stream():
    x = torch.randn(5_000)
    draw = lambda seed, step, stream=0: quantize(
        x, "fp16", "sr", generator=step_generator(seed, step, stream=stream)
    )
    assert torch.equal(draw(1, 10), draw(1, 10))
    assert not torch.equal(draw(1, 10), draw(1, 11))
    assert not torch.equal(draw(1, 10), draw(2, 10))
    assert not torch.equal(draw(1, 10), draw(1, 10, stream=1))
    assert 0 <= step_seed(2**70, -1) < 2**63
    with pytest.raises(TypeError, match="must be integers"):
        step_seed(1.5, 0)


@pytest.mark.parametrize(
    "binade_start, dropped_bits",
    # fp16 normal range (13 dropped bits; 16 random bits per element suffice), subnormal targets
    # just below 2^-14 (14), at 2^-17 (16: still 16 bits) and 2^-18 (17: 32 random bits per
    # element), and the last binade the one-pass path rounds itself, [2^-24, 2^-23) (23 bits).
    [(1.0, 13), (2.0**-15, 14), (2.0**-17, 16), (2.0**-18, 17), (2.0**-24, 23)],
)
def test_stochastic_rounding_is_unbiased_over_random_dropped_bits_in_each_binade(
    binade_start, dropped_bits
):
    # Every element has its own dropped bits d, so its own P(up) = d / 2^s; the sum of
    # (went up - P(up)) over n elements has variance sum P(1-P), whatever the mix of d.
    generator = torch.Generator().manual_seed(dropped_bits)
    n = 3 * rounding._CHUNK + 123  # full chunks (the draws are per chunk) and a short one
    base = torch.tensor(binade_start, dtype=torch.float32).view(torch.int32)
    offsets = torch.randint(0, 1 << 23, (n,), dtype=torch.int32, generator=generator)
    x = (base + offsets).view(torch.float32)
    dropped = (offsets & ((1 << dropped_bits) - 1)).double()
    p_up = dropped / 2.0**dropped_bits
    q = quantize(x, "fp16", "sr", generator=generator)
    lower, upper = neighbours(x, "fp16")
    went_up = q == upper
    assert bool((went_up | (q == lower)).all())
    assert bool(((lower < upper) | (dropped == 0)).all())
    z = (went_up.double() - p_up).sum() / torch.sqrt((p_up * (1 - p_up)).sum())
    assert abs(z.item()) < 4.5, z.item()
