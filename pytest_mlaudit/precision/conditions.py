"""Precision as a test condition: one `Precision` object per condition name, one training loop.

Real conditions run torch's own mixed precision: "fp64" (model and inputs in double), "fp32",
"bf16" (torch.autocast with bfloat16), "fp16" (torch.autocast with float16 and a GradScaler).
Emulated conditions keep float32 arithmetic and round what training stores, as in §4.2 of the
audited paper: "fp16-rtn", "fp16-sr", "bf16-rtn", "bf16-sr" round weights and gradients after
every backward and every optimizer step (`pytest_mlaudit.precision.rounding.quantize`), and module outputs
too with `activations=True`. The same loop serves every condition:

    p = Precision(name, device="cpu", seed=seed)
    model = p.prepare_model(model)
    for xb, yb in batches:
        xb, yb = p.inputs(xb, yb)
        optimizer.zero_grad()
        with p.autocast():
            loss = loss_fn(model(xb), yb)
        p.backward(loss)
        p.step(optimizer)

The decorator that makes precision an axis of a sweep is `precision.decorator.cross_precision`.
Importing this module does not import torch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from .rounding import quantize, step_generator

REAL = ("fp64", "fp32", "bf16", "fp16")
EMULATED = ("fp16-rtn", "fp16-sr", "bf16-rtn", "bf16-sr")
NAMES = REAL + EMULATED
DEVICE_TYPES = ("cpu", "cuda")

# SR draws for gradients, weights and activations come from separate streams of the same
# (seed, step), so adding activation rounding does not change the weight and gradient draws.
_STREAM_GRADIENTS, _STREAM_WEIGHTS, _STREAM_ACTIVATIONS = 0, 1, 2


class PrecisionError(ValueError):
    """A precision name or device that cannot be used; the message is one line."""


def check_name(name: Any) -> str:
    if name not in NAMES:
        raise PrecisionError(f"unknown precision {name!r}; valid names: {', '.join(NAMES)}")
    return name


def _resolve_device(name: str, device: Any) -> Any:
    import torch

    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError):
        raise PrecisionError(
            f"precision {name!r}: device {device!r} is not a torch device; use one of {', '.join(DEVICE_TYPES)}"
        ) from None
    if resolved.type not in DEVICE_TYPES:
        raise PrecisionError(
            f"precision {name!r}: device {str(resolved)!r} is not supported; use one of {', '.join(DEVICE_TYPES)}"
        )
    if resolved.type == "cuda":
        if not torch.cuda.is_available():
            raise PrecisionError(
                f"precision {name!r}: device {str(resolved)!r} is not available (torch.cuda.is_available() is False); use device='cpu'"
            )
        if resolved.index is not None and resolved.index >= torch.cuda.device_count():
            raise PrecisionError(
                f"precision {name!r}: device {str(resolved)!r} does not exist ({torch.cuda.device_count()} CUDA devices)"
            )
        if name in ("bf16",) and not torch.cuda.is_bf16_supported():
            raise PrecisionError(
                f"precision {name!r}: this GPU does not support bfloat16 autocast; use 'bf16-rtn' or 'bf16-sr' to emulate it"
            )
    return resolved


class Precision:
    """Everything a training loop needs to run under one precision condition.

    `name`: one of NAMES. `device`: "cpu" or "cuda[:i]" (autocast and the GradScaler run there).
    `seed`: the run's seed, from which stochastic rounding derives its random bits per step (so a
    resumed run draws the same bits; default: `torch.initial_seed()`, which the sweep runner sets
    from the cell's seed). `activations`: emulated conditions also round every leaf module's
    output (straight-through: the backward pass sees the identity). `init_scale`: the
    GradScaler's starting scale for "fp16" (torch's default 2**16).
    """

    def __init__(
        self,
        name: str,
        *,
        device: Any = "cpu",
        seed: int | None = None,
        activations: bool = False,
        init_scale: float | None = None,
    ) -> None:
        import torch

        self.name = check_name(name)
        self.device = _resolve_device(name, device)
        self.kind = "real" if name in REAL else "emulated"
        # "fp16-sr" -> format "fp16", rounding mode "sr"; None for the real conditions
        self.format: str | None = name.partition("-")[0] if self.kind == "emulated" else None
        self.mode: str | None = name.partition("-")[2] if self.kind == "emulated" else None
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise PrecisionError(f"precision {name!r}: seed must be an integer, got {seed!r}")
        self.seed = int(torch.initial_seed() if seed is None else seed) & ((1 << 63) - 1)
        self.activations = bool(activations)
        if activations and self.kind == "real":
            raise PrecisionError(
                f"precision {name!r}: activations=True applies to emulated conditions only (autocast already runs activations in {name})"
            )
        self.autocast_dtype = (
            {"bf16": torch.bfloat16, "fp16": torch.float16}.get(name)
            if self.kind == "real"
            else None
        )
        self.scaler = None
        if name == "fp16":
            kwargs: dict[str, Any] = {} if init_scale is None else {"init_scale": init_scale}
            self.scaler = torch.amp.GradScaler(self.device.type, **kwargs)
        self.step_count = 0
        self._parameters: list = []
        self._hooks: list = []
        self._activation_generator = None
        self._activation_generator_step = -1

    # -- setup -----------------------------------------------------------------------------------
    def prepare_model(self, model: Any) -> Any:
        """Move the model to the device (and to double for "fp64"); for emulated conditions round
        its weights once and, with activations=True, hook every leaf module. Returns the model."""
        import torch

        model = model.to(self.device)
        if self.name == "fp64":
            model = model.double()
        self._parameters = [
            p for p in model.parameters() if p.dtype in (torch.float32, torch.float64)
        ]
        if self.kind == "emulated":
            self._round_weights()
            if self.activations:
                for module in model.modules():
                    if not any(True for _ in module.children()):
                        self._hooks.append(module.register_forward_hook(self._round_output))
        return model

    def inputs(self, *tensors: Any) -> Any:
        """Move tensors to the device; floating ones become double under "fp64". One tensor in,
        one out; several in, a tuple out."""
        import torch

        moved = []
        for tensor in tensors:
            tensor = tensor.to(self.device)
            if self.name == "fp64" and torch.is_floating_point(tensor):
                tensor = tensor.double()
            moved.append(tensor)
        return moved[0] if len(moved) == 1 else tuple(moved)

    # -- the loop --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def autocast(self) -> Iterator[None]:
        """torch.autocast for "bf16"/"fp16"; a no-op for the other conditions."""
        if self.autocast_dtype is None:
            yield
            return
        import torch

        with torch.autocast(device_type=self.device.type, dtype=self.autocast_dtype):
            yield

    def backward(self, loss: Any) -> None:
        """loss.backward(), through the GradScaler under "fp16", then `after_backward()`."""
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
        else:
            loss.backward()
        self.after_backward()

    def unscale_(self, optimizer: Any) -> None:
        """Unscale the gradients before clipping them (fp16 only; a no-op otherwise)."""
        if self.scaler is not None:
            self.scaler.unscale_(optimizer)

    def step(self, optimizer: Any) -> bool:
        """optimizer.step() (through the GradScaler under "fp16": the step is skipped when a
        gradient overflowed, and the scale updated), then `after_step()`. Returns whether the
        optimizer stepped."""
        stepped = True
        if self.scaler is not None:
            scale_before = self.scaler.get_scale()
            self.scaler.step(optimizer)
            self.scaler.update()
            stepped = not self.scaler.get_scale() < scale_before  # the scale drops only on a skip
        else:
            optimizer.step()
        self.after_step()
        return stepped

    def after_backward(self) -> None:
        """Emulated conditions: round every gradient (call it yourself if you do not use
        `backward`)."""
        if self.kind != "emulated":
            return
        gradients = [p.grad for p in self._parameters if p.grad is not None]
        self._round_together(gradients, self._generator(_STREAM_GRADIENTS))

    def after_step(self) -> None:
        """Emulated conditions: round every weight; every condition: count the step."""
        if self.kind == "emulated":
            self._round_weights()
        self.step_count += 1

    # -- state -----------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """What a checkpoint needs to resume bit-for-bit: the step count and the scaler."""
        return {
            "name": self.name,
            "seed": self.seed,
            "step": self.step_count,
            "scaler": None if self.scaler is None else self.scaler.state_dict(),
        }

    def load_state_dict(self, state: dict) -> None:
        if state.get("name") != self.name:
            raise PrecisionError(
                f"precision {self.name!r}: the checkpoint was written under {state.get('name')!r}"
            )
        self.seed = int(state["seed"])
        self.step_count = int(state["step"])
        if self.scaler is not None and state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])

    def describe(self) -> dict:
        """The condition as it ran, for reports."""
        import torch

        info: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "device": str(self.device),
            "autocast_dtype": None
            if self.autocast_dtype is None
            else str(self.autocast_dtype).replace("torch.", ""),
            "grad_scaler": self.scaler is not None,
            "format": self.format,
            "rounding": self.mode,
            "activations": self.activations,
            "steps": self.step_count,
        }
        if self.scaler is not None:
            info["loss_scale"] = float(self.scaler.get_scale())
        if self.device.type == "cuda":
            info["tf32_matmul"] = bool(torch.backends.cuda.matmul.allow_tf32)
            info["tf32_cudnn"] = bool(torch.backends.cudnn.allow_tf32)
        return info

    def remove_hooks(self) -> None:
        for hook in self._hooks:
            hook.remove()
        self._hooks.clear()

    def __repr__(self) -> str:
        return f"Precision({self.name!r}, device={str(self.device)!r}, seed={self.seed})"

    # -- internals -------------------------------------------------------------------------------
    def _generator(self, stream: int) -> Any:
        if self.mode != "sr":
            return None
        return step_generator(self.seed, self.step_count, stream=stream, device=self.device)

    def _round_weights(self) -> None:
        self._round_together([p.data for p in self._parameters], self._generator(_STREAM_WEIGHTS))

    def _quantize(self, tensor: Any, generator: Any) -> Any:
        # only emulated conditions round, and they have a format and a rounding mode
        assert self.format is not None and self.mode is not None, self.name
        return quantize(tensor, self.format, self.mode, generator=generator)

    def _round_together(self, tensors: list, generator: Any) -> None:
        """Round many tensors in place with one `quantize` call per (dtype, device): a model's
        parameters are many small tensors, and one call each would cost more in per-call overhead
        than the rounding itself."""
        import torch

        groups: dict = {}
        for tensor in tensors:
            groups.setdefault((tensor.dtype, tensor.device), []).append(tensor)
        with torch.no_grad():
            for group in groups.values():
                flat = torch.cat([t.reshape(-1) for t in group])
                rounded = self._quantize(flat, generator)
                for tensor, piece in zip(group, rounded.split([t.numel() for t in group])):
                    tensor.copy_(piece.view_as(tensor))

    def _round_output(self, module: Any, inputs: Any, output: Any) -> Any:
        import torch

        if self._activation_generator_step != self.step_count:
            self._activation_generator = self._generator(_STREAM_ACTIVATIONS)
            self._activation_generator_step = self.step_count

        def rounded(value: Any) -> Any:
            if isinstance(value, torch.Tensor) and value.dtype in (torch.float32, torch.float64):
                # straight-through: forward sees the rounded value, backward the identity
                return value + (self._quantize(value, self._activation_generator) - value).detach()
            return value

        if isinstance(output, tuple):
            return tuple(rounded(v) for v in output)
        return rounded(output)
