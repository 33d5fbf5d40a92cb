"""Bit-exact fp16/bf16 emulation: round-to-nearest-even and unbiased stochastic rounding.

`quantize(x, "fp16" | "bf16", "rtn" | "sr")` takes a float32 or float64 tensor and returns a tensor
of the same dtype, shape and device whose values are exactly representable in the target format.

Why hand-written (no library does this): QPyTorch rounds ties away from zero and saturates
instead of overflowing; pychop rounds arithmetically in NumPy; CPFloat is C only. Here rounding is
done on the integer view of the IEEE bits (int32 for float32, int64 for float64) with torch
integer ops, independently of torch's own casts, so `benchmarks/rounding_exhaustive.py` can hold
round-to-nearest against `x.half()` / `x.bfloat16()` on all 2^32 float32 bit patterns as a check
that can fail.

How: dropping the low `shift` bits of the magnitude rounds to the format's precision in the normal
range, and the carry out of the dropped bits walks into the exponent field exactly as a rounding up
to the next binade should. Round-to-nearest-even adds `half - 1` plus the lowest kept bit before
truncating; stochastic rounding adds `shift` uniform random bits instead, so the value is rounded
up with probability (dropped bits) / 2^shift -- Algorithm 1 of the audited paper, with the lower
neighbour taken with probability ceil(z) - z. Below the format's normal range the grid becomes
fixed-point (quantum 2^-24 for fp16), which bit truncation at a fixed position does not follow;
those few elements are rounded separately on their significands. Overflow, NaN and the subnormal
range are rare in real tensors, so one `aminmax` pass decides whether their fix-ups run at all.
float32 -> fp16, where gradients make subnormal targets common, has a one-pass path instead
(`_round_float32_to_fp16`): a per-element quantum, cache-sized chunks.

Documented choices (docs/precision.md):
- NaN stays NaN with its sign; the payload is reduced to the format's mantissa bits and quieted
  (as IEEE conversions do). torch's own casts differ between code paths in the payload they keep,
  so only NaN-ness is compared with them.
- Stochastic rounding beyond the largest finite value: the upper neighbour of `max` is 2^(emax+1),
  which is not representable, so it becomes Inf. A value in (max, 2^(emax+1)) therefore rounds to
  `max` or to Inf; values at or beyond 2^(emax+1) become Inf. SR is unbiased on the finite range
  |x| <= max only.
- Stochastic rounding is exactly unbiased whenever the dropped part fits in 62 random bits: every
  input above 2^-63 (fp16) / 2^-172 (bf16 from float64), and every float32 input for bf16. Below
  that the round-up probability is truncated to a multiple of 2^-62 (a bias under 2^-86).
- torch converts float64 to fp16/bf16 through float32 (two roundings); `quantize` rounds float64
  once, directly. The two differ on rare values such as 1 + 2^-11 + 2^-40.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import torch

FORMATS = ("fp16", "bf16")
MODES = ("rtn", "sr")

_MASK64 = (1 << 64) - 1


@dataclasses.dataclass(frozen=True)
class _Target:
    name: str
    mantissa_bits: int  # explicit fraction bits: 10 for fp16, 7 for bf16
    min_exponent: int  # exponent of the smallest normal number
    max_exponent: int  # exponent of the largest finite number


_TARGETS = {
    "fp16": _Target("fp16", 10, -14, 15),
    "bf16": _Target("bf16", 7, -126, 127),
}


@dataclasses.dataclass(frozen=True)
class _Plan:
    """Every integer constant the rounding of one (input dtype, target format) pair needs."""

    width: int  # 32 or 64
    mantissa_bits: int  # input fraction bits: 23 or 52
    exponent_bias: int
    target: _Target
    shift: int  # dropped fraction bits in the normal range
    abs_mask: int
    sign_mask: int  # as a signed integer of the input width
    inf_bits: int
    quiet_bit: int
    min_normal_bits: int  # bits of the target's smallest normal number
    overflow_bits: int  # bits of 2^(emax + 1): everything rounded to it or above is Inf
    max_finite_bits: int
    needs_subnormal_fix: bool  # target's normal range starts above the input's
    needs_overflow_fix: bool  # target overflows before the input does
    dense_floor_bits: int  # below this the dense path leaves values to _round_below_normal

    @property
    def low_mask(self) -> int:
        return (1 << self.shift) - 1


@functools.cache
def _plan(width: int, fmt: str) -> _Plan:
    mantissa_bits, exponent_bias, min_exponent_in = (
        (23, 127, -126) if width == 32 else (52, 1023, -1022)
    )
    target = _TARGETS[fmt]
    shift = mantissa_bits - target.mantissa_bits
    inf_bits = ((1 << (width - 1 - mantissa_bits)) - 1) << mantissa_bits
    overflow_bits = min(inf_bits, (target.max_exponent + 1 + exponent_bias) << mantissa_bits)
    return _Plan(
        width=width,
        mantissa_bits=mantissa_bits,
        exponent_bias=exponent_bias,
        target=target,
        shift=shift,
        abs_mask=(1 << (width - 1)) - 1,
        sign_mask=-(1 << (width - 1)),
        inf_bits=inf_bits,
        quiet_bit=1 << (mantissa_bits - 1),
        min_normal_bits=(target.min_exponent + exponent_bias) << mantissa_bits,
        overflow_bits=overflow_bits,
        max_finite_bits=overflow_bits - (1 << shift),
        needs_subnormal_fix=target.min_exponent > min_exponent_in,
        needs_overflow_fix=overflow_bits < inf_bits,
        # smallest exponent whose dropped-bit count is below mant: emin - p + bias + 1
        dense_floor_bits=max(0, target.min_exponent - target.mantissa_bits + exponent_bias + 1)
        << mantissa_bits,
    )


def _int_dtype(torch: Any, width: int) -> Any:
    return torch.int32 if width == 32 else torch.int64


def check_generator(generator: torch.Generator | None, device: torch.device) -> None:
    """Raise a one-line ValueError when `generator` lives on another device than the tensor."""
    if generator is None:
        return
    gen_device = generator.device
    if gen_device.type != device.type or (
        device.type != "cpu"
        and gen_device.index is not None
        and device.index is not None
        and gen_device.index != device.index
    ):
        raise ValueError(
            f"quantize: generator is on {gen_device} but the tensor is on {device}; "
            f"create it with torch.Generator(device={str(device)!r})"
        )


def quantize(
    x: torch.Tensor, fmt: str, mode: str = "rtn", *, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Round every element of `x` to the nearest (`"rtn"`) or a stochastically chosen (`"sr"`)
    neighbour in `fmt` ("fp16" or "bf16"); float32 or float64 in, same dtype out.

    `"rtn"` is round-to-nearest-even, bit-identical to `x.half().float()` (resp. `bfloat16`) for
    float32 input, overflowing to +-Inf. `"sr"` rounds up with probability equal to the distance
    from the lower neighbour in units of the spacing, so E[quantize(x)] = x for |x| <= max. Its
    random bits come from `generator` (a `torch.Generator` on x's device), else from torch's default
    generator for that device, so `torch.manual_seed` controls it. See `step_generator` for a
    generator derived from (seed, step). Autograd does not flow through the result.
    """
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"quantize: x must be a torch.Tensor, got {type(x).__name__}")
    if fmt not in _TARGETS:
        raise ValueError(f"quantize: fmt must be one of {list(FORMATS)!r}, got {fmt!r}")
    if mode not in MODES:
        raise ValueError(f"quantize: mode must be one of {list(MODES)!r}, got {mode!r}")
    if x.dtype == torch.float32:
        width = 32
    elif x.dtype == torch.float64:
        width = 64
    else:
        raise ValueError(f"quantize: x must be float32 or float64, got {x.dtype}")
    if mode == "sr":
        check_generator(generator, x.device)
    plan = _plan(width, fmt)
    bits = x.detach().contiguous().view(_int_dtype(torch, width))
    if width == 32 and fmt == "fp16" and bits.numel():
        out = _round_float32_to_fp16(torch, bits, plan, mode, generator)
    else:
        out = _round_bits(torch, bits, plan, mode, generator)
    return out.view(x.dtype)


def quantize_(
    x: torch.Tensor, fmt: str, mode: str = "rtn", *, generator: torch.Generator | None = None
) -> torch.Tensor:
    """In-place `quantize` (for parameters and gradients); returns `x`."""
    import torch

    with torch.no_grad():
        x.copy_(quantize(x, fmt, mode, generator=generator))
    return x


_BLOCK = 256  # elements per block when locating values below the normal range
_SMALL_BLOCK = 32  # in the dense path, for the rarer values below its floor
_DENSE_FRACTION = 8  # dense path when more than 1/8 of the blocks hold such values


def _round_bits(torch: Any, bits: Any, plan: _Plan, mode: str, generator: Any) -> Any:
    """Round the signed integer view `bits`; returns a new integer tensor of rounded bits."""
    if bits.numel() == 0:
        return bits.clone()
    # Magnitudes, for deciding which fix-ups run and for feeding them.
    magnitude = torch.bitwise_and(bits, plan.abs_mask).reshape(-1)
    largest = int(magnitude.amax())
    has_nan = largest > plan.inf_bits
    may_overflow = plan.needs_overflow_fix and largest > plan.max_finite_bits
    dense = False
    sub_index = None
    if plan.needs_subnormal_fix:
        block_min, n_blocks = _block_minima(magnitude)
        below = int((block_min < plan.min_normal_bits).sum()) if n_blocks else 0
        dense = below * _DENSE_FRACTION > n_blocks
        if dense:  # few values remain below the floor: smaller blocks scan fewer candidates
            sub_index = _index_below(
                torch,
                magnitude,
                _block_minima(magnitude, _SMALL_BLOCK)[0],
                plan.dense_floor_bits,
                _SMALL_BLOCK,
            )
        else:
            sub_index = _index_below(torch, magnitude, block_min, plan.min_normal_bits)
    nan_index = torch.nonzero(magnitude > plan.inf_bits).reshape(-1) if has_nan else None

    if dense:
        out = _round_dense(torch, bits, magnitude.view(bits.shape), plan, mode, generator)
    else:
        # Round the signed bits directly: for any non-NaN the carry out of the dropped bits stays
        # below the sign bit, and the mask ~low_mask keeps the sign. (NaNs are rewritten below.)
        out = _rounding_increment(torch, bits, plan, mode, generator)
        out.add_(bits).bitwise_and_(~plan.low_mask)

    flat = out.reshape(-1)
    if may_overflow:
        # rounded magnitude >= 2^(emax+1) -> Inf, branch-free: max(m, Inf * [m >= overflow]).
        rounded = torch.bitwise_and(flat, plan.abs_mask)
        flag = (rounded - (plan.overflow_bits - 1)).clamp_(0, 1).mul_(plan.inf_bits)
        torch.maximum(rounded, flag, out=rounded)
        flat.bitwise_and_(plan.sign_mask).bitwise_or_(rounded)
    if sub_index is not None and sub_index.numel():
        sign = bits.reshape(-1)[sub_index] & plan.sign_mask
        flat[sub_index] = (
            _round_below_normal(torch, magnitude[sub_index], plan, mode, generator) | sign
        )
    if nan_index is not None:
        # Quiet the NaN and drop the payload bits the format cannot hold; keep the sign.
        flat[nan_index] = (bits.reshape(-1)[nan_index] | plan.quiet_bit) & ~plan.low_mask
    return out


_CHUNK = 1 << 16  # elements per chunk on the CPU: every temporary of a chunk stays in cache
_FP16_EXPONENT_FIELD = 0x7F800000
_FP16_MIN_EXPONENT_FIELD = 113  # float32 biased exponent of 2^-14, fp16's smallest normal number
_FP16_TOP_EXPONENT_FIELD = (
    142  # float32 biased exponent of [2^15, 2^16): the only finite binade that can overflow
)
_FP16_SR_FLOOR_EXPONENT_FIELD = (
    103  # below 2^-24 the dropped part exceeds 23 bits: left to _round_below_normal
)
_FP16_SR_16_BIT_EXPONENT_FIELD = 110  # from 2^-17 up at most 16 bits are dropped
_SR_BLOCK = 32  # elements per group when locating those in a chunk


def _round_float32_to_fp16(torch: Any, bits: Any, plan: _Plan, mode: str, generator: Any) -> Any:
    """float32 -> fp16 in one pass over cache-sized chunks, normal and subnormal targets alike.

    Gradients in fp16 put most values below the normal range, where the spacing is the fixed
    quantum 2^-24; locating them element by element cost more than the rounding. Here every
    element gets its own quantum Q = 2^(max(e, -14) - 10) (e: its float32 exponent), and:

    - round-to-nearest-even adds and subtracts B = 2^23 * Q in float32: |x| < B, so |x| + B lies
      in [B, 2B) whose float32 spacing is exactly Q, and the hardware's round-to-nearest-even add
      rounds |x| to a multiple of Q with ties to an even multiple (B/Q = 2^23 is even); the
      subtraction is exact. The sign is copied back last (copysign keeps -0 and tiny negatives
      that round to zero negative). The exponent field is clamped to [2^-14's, 2^16's] so B
      stays finite; anything from 2^16 up (Inf too) comes out >= 2^16 and is made Inf by the
      overflow fix-up, and NaNs are rewritten from their input bits as in `_round_bits`.
    - stochastic rounding adds s uniform random bits to the magnitude bits and truncates s bits,
      with s = 13 + (113 - exponent field) dropped bits below the normal range (13 inside it); a
      carry into the next binade lands exactly on its first value, the upper neighbour (for s = 23,
      values in [2^-24, 2^-23), the carry turns the exponent field into 2^-23's). For s > 23
      (values below 2^-24, the smallest subnormal, rare) the bits would reach the exponent field:
      `_round_below_normal` redoes those exactly.

    Torch runs one op at a time over the whole tensor; taking the ops chunk by chunk keeps their
    temporaries in cache instead of streaming each through memory."""
    flat = bits.reshape(-1)
    n = flat.numel()
    chunk = _CHUNK if flat.device.type == "cpu" else n  # elsewhere, one launch per op is cheaper
    out = torch.empty_like(flat)
    scratch = torch.empty(min(chunk, n), dtype=torch.int32, device=flat.device)
    n_chunks = -(-n // chunk)
    top = torch.empty(n_chunks, dtype=torch.int32, device=flat.device)
    # 0-dim int32 operands: a Python int is promoted to int64 and makes each bitwise op ~5x slower
    exponent_field = torch.tensor(_FP16_EXPONENT_FIELD, dtype=torch.int32, device=flat.device)
    below = []
    if mode == "rtn":
        for i, start in enumerate(range(0, n, chunk)):
            x = flat[start : start + chunk]
            o = out[start : start + chunk]
            b = scratch[: x.numel()]
            torch.bitwise_and(x, exponent_field, out=b)
            torch.amax(b, out=top[i])
            b.clamp_(_FP16_MIN_EXPONENT_FIELD << 23, (_FP16_TOP_EXPONENT_FIELD + 1) << 23)
            xf, of, bf = x.view(torch.float32), o.view(torch.float32), b.view(torch.float32)
            torch.abs(xf, out=of)
            # B = bf * 2^13 (exact: a power of two times a power of two)
            torch.add(of, bf, alpha=1 << 13, out=of)
            torch.sub(of, bf, alpha=1 << 13, out=of)
            torch.copysign(of, xf, out=of)
    else:
        words = torch.empty((min(chunk, n) + 1) // 2, dtype=torch.int64, device=flat.device)
        draws = words.view(torch.int32)
        short_words = torch.empty((min(chunk, n) + 3) // 4, dtype=torch.int64, device=flat.device)
        sign_only = torch.tensor(plan.sign_mask, dtype=torch.int32, device=flat.device)
        abs_mask = torch.tensor(plan.abs_mask, dtype=torch.int32, device=flat.device)
        floor = torch.empty(n_chunks, dtype=torch.int32, device=flat.device)
        threshold = _FP16_SR_FLOOR_EXPONENT_FIELD << 23
        group = chunk // _SR_BLOCK
        group_minima = torch.empty((n_chunks, group), dtype=torch.int32, device=flat.device)
        flagged = []
        for i, start in enumerate(range(0, n, chunk)):
            x = flat[start : start + chunk]
            o = out[start : start + chunk]
            length = x.numel()
            k = scratch[:length]
            r = draws[:length]
            torch.bitwise_and(x, exponent_field, out=k)
            torch.aminmax(k, out=(floor[i], top[i]))
            if int(floor[i]) < threshold:
                if length == chunk and chunk % _SR_BLOCK == 0:
                    # minimum over each strided group {j, j + chunk/32, ...}: searched after the loop
                    torch.amin(k.view(_SR_BLOCK, -1), dim=0, out=group_minima[i])
                    flagged.append(i)
                else:
                    below.append(torch.nonzero(k < threshold).reshape(-1) + start)
            # k = 31 - s with s = 13 + 113 - E dropped bits, E clamped to [103, 113]: s in [13, 23]
            k.bitwise_right_shift_(23).clamp_(
                _FP16_SR_FLOOR_EXPONENT_FIELD, _FP16_MIN_EXPONENT_FIELD
            )
            k.add_(31 - plan.shift - _FP16_MIN_EXPONENT_FIELD)
            if int(floor[i]) >= _FP16_SR_16_BIT_EXPONENT_FIELD << 23:
                # s <= 16 everywhere in the chunk (weights mostly): 16 random bits per element
                # suffice and halve the generator's work; placed at bits 15..30, like 31 bits whose
                # low 15 are discarded by the shift below.
                lanes = short_words[: (length + 3) // 4].random_(
                    -(1 << 63), None, generator=generator
                )
                r.copy_(lanes.view(torch.int16)[:length]).bitwise_left_shift_(15)
            else:
                words[: (length + 1) // 2].random_(-(1 << 63), None, generator=generator)
            r.bitwise_and_(abs_mask).bitwise_right_shift_(k)  # uniform on [0, 2^s)
            # The signed bits directly: the sign bit lies above every carry of a non-NaN (NaNs are
            # rewritten below), and -2^31 >> (31 - s) = -2^s keeps the sign and all but s bits.
            torch.add(x, r, out=o)
            o.bitwise_and_(torch.bitwise_right_shift(sign_only, k, out=r))
        if flagged:
            # The values below the floor are rare: find the groups that hold any, then scan them.
            rows = torch.tensor(flagged, device=flat.device)
            row, column = torch.nonzero(group_minima[rows] < threshold).unbind(1)
            candidates = (rows[row] * chunk + column)[:, None] + torch.arange(
                _SR_BLOCK, device=flat.device
            ) * group
            candidates = candidates.reshape(-1)
            below.append(
                candidates[torch.bitwise_and(flat[candidates], _FP16_EXPONENT_FIELD) < threshold]
            )
    largest_exponent = int(top.amax())
    if largest_exponent >= _FP16_TOP_EXPONENT_FIELD << 23:
        # |x| >= 2^15 somewhere: rounded magnitudes >= 2^16 become Inf (sign kept), as in _round_bits.
        rounded = torch.bitwise_and(out, plan.abs_mask)
        flag = (rounded - (plan.overflow_bits - 1)).clamp_(0, 1).mul_(plan.inf_bits)
        torch.maximum(rounded, flag, out=rounded)
        out.bitwise_and_(plan.sign_mask).bitwise_or_(rounded)
    if below:
        index = torch.cat(below) if len(below) > 1 else below[0]
        if index.numel():
            magnitude = torch.bitwise_and(flat[index], plan.abs_mask)
            out[index] = _round_below_normal(torch, magnitude, plan, mode, generator) | (
                flat[index] & plan.sign_mask
            )
    if largest_exponent == _FP16_EXPONENT_FIELD:
        nan_index = torch.nonzero(torch.bitwise_and(flat, plan.abs_mask) > plan.inf_bits).reshape(
            -1
        )
        if nan_index.numel():
            out[nan_index] = (flat[nan_index] | plan.quiet_bit) & ~plan.low_mask
    return out.view(bits.shape)


def _block_minima(magnitude: Any, block: int = 0) -> tuple:
    block = block or _BLOCK
    n_blocks = magnitude.numel() // block
    if not n_blocks:
        return None, 0
    return magnitude[: n_blocks * block].view(n_blocks, block).amin(dim=1), n_blocks


def _index_below(torch: Any, magnitude: Any, block_min: Any, threshold: int, block: int = 0) -> Any:
    """Flat indices of the elements whose magnitude bits are below `threshold`.

    A boolean mask plus nonzero over the whole tensor costs more than the rounding itself, while
    such values are few in a weight tensor: the minimum of each block of _BLOCK elements says
    which blocks hold any, and only those are scanned."""
    block = block or _BLOCK
    n = magnitude.numel()
    full = 0 if block_min is None else block_min.numel() * block
    parts = []
    if full:
        blocks = torch.nonzero(block_min < threshold).reshape(-1)
        if blocks.numel():
            offsets = torch.arange(block, device=magnitude.device)
            candidates = (blocks[:, None] * block + offsets).reshape(-1)
            parts.append(candidates[magnitude[candidates] < threshold])
    if full < n:
        tail = torch.arange(full, n, device=magnitude.device)
        parts.append(tail[magnitude[full:] < threshold])
    if not parts:
        return torch.empty(0, dtype=torch.int64, device=magnitude.device)
    return torch.cat(parts) if len(parts) > 1 else parts[0]


def _round_dense(
    torch: Any, bits: Any, magnitude: Any, plan: _Plan, mode: str, generator: Any
) -> Any:
    """Round every element at its own position: for tensors where values below the normal range
    are common (gradients in fp16), so that finding them one by one would cost more.

    The number of dropped bits is s = max(shift, quantum exponent - exponent of the last bit):
    `shift` in the normal range, more below it. Truncating s bits of the pattern is exact
    rounding for s < mant (the kept part's last bit is then a fraction bit, whose parity is the
    parity of the quantum count, so ties go to even); smaller values (s >= mant) are left to
    `_round_below_normal` by the caller. As in the main pass, the signed bits are rounded directly
    (arithmetic shifts keep the sign)."""
    width, m_bits, target = plan.width, plan.mantissa_bits, plan.target
    quantum_shift = (
        target.min_exponent - target.mantissa_bits + plan.exponent_bias + m_bits
    )  # s = this - E
    ones = (1 << (width - 1)) - 1  # ones >> k = 2^(width-1-k) - 1
    # Variable shifts of the data are slow in torch (and data-dependent); one variable shift of
    # a constant builds the masks, and the rest is and/add. k = width-1-s gives mask = 2^s - 1.
    k = torch.bitwise_right_shift(magnitude, m_bits)  # the exponent field E
    k.add_(width - 1 - quantum_shift).clamp_(width - 1 - (m_bits - 1), width - 1 - plan.shift)
    mask = torch.bitwise_right_shift(ones, k)  # 2^s - 1: the dropped bits
    if mode == "rtn":
        # half - 1 + (lowest kept bit): the lowest kept bit is bits & 2^s, as 0/1
        increment = torch.bitwise_and(bits, torch.add(mask, 1, out=k)).ne_(0)
        increment.add_(mask.bitwise_right_shift_(1))  # 2^(s-1) - 1
        mask.bitwise_left_shift_(1).add_(1)  # back to 2^s - 1
    else:
        increment = _full_random_bits(torch, bits, plan, generator).bitwise_and_(mask)
    increment.add_(bits)
    return increment.bitwise_and_(mask.bitwise_not_())


def _full_random_bits(torch: Any, like: Any, plan: _Plan, generator: Any) -> Any:
    """Integers of like's dtype and shape with every bit but the sign bit uniform."""
    if plan.width == 32:
        n = like.numel()
        words = torch.empty((n + 1) // 2, dtype=torch.int64, device=like.device)
        words.random_(-(1 << 63), None, generator=generator)
        return words.view(torch.int32)[:n].reshape(like.shape).bitwise_and_(plan.abs_mask)
    out = torch.empty_like(like)
    return out.random_(-(1 << 63), None, generator=generator).bitwise_and_(plan.abs_mask)


def _rounding_increment(torch: Any, bits: Any, plan: _Plan, mode: str, generator: Any) -> Any:
    """A new tensor holding what to add to `bits` so that truncating the low `shift` bits rounds.

    Round-to-nearest-even: half - 1 plus the lowest kept bit, so an exact half carries only when
    the kept part is odd. Stochastic: `shift` uniform random bits, so the carry happens with
    probability (dropped bits) / 2^shift."""
    if mode == "rtn":
        increment = torch.bitwise_right_shift(bits, plan.shift)  # arithmetic shift: bit 0 is right
        return increment.bitwise_and_(1).add_((1 << (plan.shift - 1)) - 1)
    return _uniform_bits(torch, bits, plan, generator)


def _uniform_bits(torch: Any, like: Any, plan: _Plan, generator: Any) -> Any:
    """A tensor like `like` of independent integers uniform on [0, 2^shift).

    For float32 input (shift 13 or 16) one 64-bit draw yields four 16-bit lanes: drawing 32 or 64
    bits per element would make the random number generator the slowest part of SR."""
    n = like.numel()
    if plan.width == 32:
        words = torch.empty((n + 3) // 4, dtype=torch.int64, device=like.device)
        words.random_(-(1 << 63), None, generator=generator)  # the full 64-bit range
        lanes = words.view(torch.int16)[:n].reshape(like.shape)
        scratch = lanes.to(torch.int32)  # sign-extended: uniform on [-2^15, 2^15)
        if plan.shift == 16:
            scratch.add_(1 << 15)
        else:
            scratch.bitwise_and_(plan.low_mask)
        return scratch
    scratch = torch.empty_like(like)
    scratch.random_(0, 1 << plan.shift, generator=generator)
    return scratch


def _round_below_normal(
    torch: Any, magnitude_bits: Any, plan: _Plan, mode: str, generator: Any
) -> Any:
    """Round magnitudes below the target's smallest normal number onto its fixed-point grid.

    There the spacing is the constant quantum 2^(emin - p) while the input's spacing shrinks with
    its exponent, so the number of dropped bits varies per element: work on the significand as an
    int64 integer m with |x| = m * 2^(E - bias - mant), and count quanta k = m / 2^s.
    """
    m_bits, bias, target = plan.mantissa_bits, plan.exponent_bias, plan.target
    a = magnitude_bits.to(torch.int64)
    exponent = a >> m_bits
    significand = a & ((1 << m_bits) - 1)
    significand |= (exponent > 0).to(torch.int64) << m_bits  # the implicit leading one
    exponent.clamp_(min=1)  # input subnormals share the exponent of the smallest normal
    # quantum exponent minus the exponent of the significand's last bit
    s = (target.min_exponent - target.mantissa_bits + bias + m_bits) - exponent
    if mode == "rtn":
        # m < 2^(mant+1), so any s beyond mant+2 rounds to zero as s = mant+2 does.
        s.clamp_(max=m_bits + 2)
        k = significand >> s
        remainder = significand - (k << s)
        half = torch.ones_like(s) << (s - 1)
        round_up = (remainder > half) | ((remainder == half) & ((k & 1) == 1))
        k += round_up.to(torch.int64)
    else:
        kept = s.clamp(max=62)  # random bits available per element
        k = significand >> kept  # zero when s > 62, as m < 2^54
        remainder = (significand >> (s - kept)) - (k << kept)
        draws = torch.randint(
            0, 1 << 62, significand.shape, dtype=torch.int64, device=a.device, generator=generator
        )
        draws >>= 62 - kept  # uniform on [0, 2^kept)
        k += (draws < remainder).to(torch.int64)
    # k * quantum, built exactly: k <= 2^p is an integer well inside float64's range.
    values = k.to(torch.float64) * 2.0 ** (target.min_exponent - target.mantissa_bits)
    float_dtype = torch.float32 if plan.width == 32 else torch.float64
    return values.to(float_dtype).view(_int_dtype(torch, plan.width))


# -- deterministic randomness for training loops -------------------------------------------------


def _splitmix64(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) & _MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK64
    return value ^ (value >> 31)


def step_seed(seed: int, step: int, stream: int = 0) -> int:
    """A 63-bit seed that depends only on (run seed, training step, stream).

    Re-deriving the generator from these at every step (rather than carrying one generator's state
    along) makes a resumed run, or every rank of a distributed run, draw the same rounding bits."""
    for part in (seed, step, stream):
        if not isinstance(part, int) or isinstance(part, bool):
            raise TypeError(f"step_seed: seed, step and stream must be integers, got {part!r}")
    mixed = _splitmix64(seed & _MASK64)
    mixed = _splitmix64(mixed ^ (step & _MASK64))
    mixed = _splitmix64(mixed ^ (stream & _MASK64))
    return mixed >> 1


def step_generator(
    seed: int, step: int, *, stream: int = 0, device: Any = "cpu"
) -> torch.Generator:
    """A `torch.Generator` on `device` seeded from `step_seed(seed, step, stream)`."""
    import torch

    generator = torch.Generator(device=device)
    generator.manual_seed(step_seed(seed, step, stream))
    return generator


def neighbours(x: torch.Tensor, fmt: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The representable values just below and just above each element of a finite `x` (equal when
    x is representable), by rounding toward zero and away from zero on the same bit grid. The test
    suite uses it to check that stochastic rounding only ever returns one of the two."""
    import torch

    # x rounded with "sr" where every random draw is 0 truncates toward zero; all ones rounds
    # away from zero whenever anything is dropped.
    toward_zero = _round_fixed_draw(torch, x, fmt, draw_all_ones=False)
    away = _round_fixed_draw(torch, x, fmt, draw_all_ones=True)
    lower = torch.where(x >= 0, toward_zero, away)
    upper = torch.where(x >= 0, away, toward_zero)
    return lower, upper


def _round_fixed_draw(torch: Any, x: Any, fmt: str, *, draw_all_ones: bool) -> Any:
    width = 32 if x.dtype == torch.float32 else 64
    plan = _plan(width, fmt)
    bits = x.detach().contiguous().view(_int_dtype(torch, width))
    a = torch.bitwise_and(bits, plan.abs_mask).reshape(-1)
    out = a.clone()
    if draw_all_ones:
        out += plan.low_mask
    out &= ~plan.low_mask
    if plan.needs_overflow_fix:
        out = torch.where(out >= plan.overflow_bits, torch.full_like(out, plan.inf_bits), out)
    below = (
        a < plan.min_normal_bits
        if plan.needs_subnormal_fix
        else torch.zeros_like(a, dtype=torch.bool)
    )
    if bool(below.any()):
        # Arithmetic on purpose: an independent route to the same grid, for cross-checking.
        below_bits = a[below]
        magnitude = (
            below_bits.view(torch.float32).to(torch.float64)
            if width == 32
            else below_bits.view(torch.float64)
        )
        quantum = 2.0 ** (plan.target.min_exponent - plan.target.mantissa_bits)
        scaled = magnitude / quantum  # exact: a power-of-two scaling in float64
        k = torch.ceil(scaled) if draw_all_ones else torch.floor(scaled)
        out[below] = (k * quantum).to(x.dtype).view(_int_dtype(torch, width))
    out |= torch.bitwise_and(bits.reshape(-1), plan.sign_mask)
    return out.reshape(x.shape).view(x.dtype)
