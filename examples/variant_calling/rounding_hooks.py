"""Precision conditions for the batched engine: float32 training with emulated fp16/bf16 rounding.

The batched engine trains S seeds as one hand-written computation, so torch's per-module autocast
has nothing to wrap. What it can do exactly is §4.2's model of low precision: after every backward
pass round the gradients, and after every optimizer step round the weights, to the target format
(``pytest_mlaudit.precision.rounding.quantize``; Adam's moments and the activations stay float32). Stochastic
rounding draws its bits from ``rounding.step_generator(seed, step, stream)``: the same sweep draws
the same bits on every machine. The bits are drawn for the whole (S, 881) tensor at once, so a
seed's draws depend on which seeds share its batch (fixed by the test's seed list).
"""

from __future__ import annotations

# condition name (as in pytest_mlaudit.precision.NAMES) -> (format, rounding mode); None: plain fp32
MODES = {
    "fp32": None,
    "fp16-rtn": ("fp16", "rtn"),
    "fp16-sr": ("fp16", "sr"),
    "bf16-rtn": ("bf16", "rtn"),
    "bf16-sr": ("bf16", "sr"),
}

GRADIENT_STREAM = 0
WEIGHT_STREAM = 1


class RoundingHooks:
    """``after_backward``/``after_step`` for :class:`engines.BatchedTrainer` under one condition."""

    def __init__(self, precision: str, seed: int = 0) -> None:
        rounding = MODES.get(precision)
        if rounding is None:
            raise ValueError(
                f"RoundingHooks: precision must be one of {[k for k, v in MODES.items() if v]}, "
                f"got {precision!r}"
            )
        self.fmt, self.mode = rounding
        self.seed = seed
        self.step = 0

    def _round(self, tensor, stream: int):
        from pytest_mlaudit.precision.rounding import quantize, step_generator

        generator = None
        if self.mode == "sr":
            generator = step_generator(self.seed, self.step, stream=stream, device=tensor.device)
        return quantize(tensor, self.fmt, self.mode, generator=generator)

    def after_backward(self, grad):
        return self._round(grad, GRADIENT_STREAM)

    def after_step(self, params):
        rounded = self._round(params, WEIGHT_STREAM)
        self.step += 1
        return rounded


def hooks_for(precision: str, seed: int = 0):
    """The hooks of ``precision`` (None for fp32: the engine's plain path)."""
    if precision not in MODES:
        raise ValueError(f"precision must be one of {sorted(MODES)}, got {precision!r}")
    return None if MODES[precision] is None else RoundingHooks(precision, seed)
