"""What a *build* is: the settings under which one training of the classifier is carried out.

The seed paper (Breuer, Furtado & Orr) rebuilds the same classifier on four machines. One machine
cannot be four, so two *proxies* stand in for other hardware here, and every report says so:

- a different CPU thread count changes how reductions are split, hence their rounding;
- a one-ulp nudge of the initial weights asks how chaotic training is: if one ulp at step 0 grows
  into different calls, any other rounding difference (another CPU, a GPU) can do the same.

Only CPU versus CUDA on a machine that has both is the real thing. Nothing here imports torch until
a build is applied to a model.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

from ..precision.conditions import NAMES, Precision

DEVICES = ("cpu", "cuda")


def _precision_names() -> tuple[str, ...]:
    # The precision conditions' names: fp64, fp32, bf16, fp16 and the emulated ones.
    return NAMES


class BuildUnavailable(RuntimeError):
    """This machine cannot carry out the build (a CUDA build without a CUDA device)."""

    # The sweep runner records a cell that raises this as skipped, not as an error.
    skips_cell = True


@dataclasses.dataclass(frozen=True)
class Build:
    """One way of building the classifier; the test receives it as the keyword ``build``.

    ``threads`` is the CPU thread count (None keeps the process's setting) and
    ``init_perturbation_ulps`` nudges every initial weight by that many units in the last place
    (see :meth:`perturb_`). Both are proxies for other hardware.
    """

    device: str = "cpu"
    precision: str = "fp64"
    batch_size: int = 1
    threads: int | None = None
    init_perturbation_ulps: int = 0
    name: str | None = None
    replicate: int = 1

    def __post_init__(self) -> None:
        if self.device not in DEVICES:
            raise ValueError(f"Build(device={self.device!r}): expected one of {DEVICES}")
        if self.precision not in _precision_names():
            raise ValueError(
                f"Build(precision={self.precision!r}): expected one of {_precision_names()}"
            )
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"Build(batch_size={self.batch_size!r}): expected an integer >= 1")
        if self.threads is not None and (not isinstance(self.threads, int) or self.threads < 1):
            raise ValueError(f"Build(threads={self.threads!r}): expected None or an integer >= 1")
        if not isinstance(self.init_perturbation_ulps, int):
            raise ValueError(
                f"Build(init_perturbation_ulps={self.init_perturbation_ulps!r}): expected an integer"
            )

    # -- description -----------------------------------------------------------------------
    @property
    def label(self) -> str:
        """Unique per build and replicate: 'cpu fp64 k=1 threads=2 [proxy] #2'."""
        if self.name:
            base = self.name
        else:
            parts = [self.device, self.precision, f"k={self.batch_size}"]
            if self.threads is not None:
                parts.append(f"threads={self.threads}")
            if self.init_perturbation_ulps:
                parts.append(f"init{self.init_perturbation_ulps:+d}ulp")
            if self.proxies:
                parts.append("[proxy]")
            base = " ".join(parts)
        return base if self.replicate == 1 else f"{base} #{self.replicate}"

    def again(self, replicate: int = 2) -> Build:
        """The same build, run once more (for the bitwise repeatability check)."""
        return dataclasses.replace(self, replicate=replicate)

    @property
    def first(self) -> Build:
        return dataclasses.replace(self, replicate=1)

    @property
    def proxies(self) -> tuple[str, ...]:
        """Settings that only make sense as stand-ins for other hardware (empty: none).

        A thread count is a proxy only relative to another build; see :func:`difference`.
        """
        if self.init_perturbation_ulps:
            return ("init perturbation (proxy for rounding differences between machines)",)
        return ()

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["label"] = self.label
        out["proxies"] = list(self.proxies)
        return out

    def availability(self) -> tuple[bool, str]:
        """(usable here, reason if not). A CUDA build needs a CUDA device; that is hardware."""
        if self.device == "cuda":
            try:
                import torch
            except ImportError:
                return (
                    False,
                    f"build {self.first.label!r} needs torch with CUDA; torch is not installed",
                )
            if not torch.cuda.is_available():
                return (
                    False,
                    f"build {self.first.label!r} needs a CUDA device and none is available here",
                )
        return True, ""

    # -- applying it -----------------------------------------------------------------------
    @property
    def dtype(self) -> Any:
        """The dtype parameters are stored in: float64 for fp64, float32 for everything else.

        fp32/fp64 builds need nothing more. For bf16/fp16 (autocast) and the emulated roundings,
        train through :meth:`precision_condition`, the precision module's one training loop.
        """
        import torch

        return torch.float64 if self.precision == "fp64" else torch.float32

    def precision_condition(self, seed: int | None = None) -> Any:
        """The precision module's ``Precision`` for this build's name and device."""
        return Precision(self.precision, device=self.device, seed=seed)

    @property
    def torch_device(self) -> Any:
        import torch

        return torch.device(self.device)

    @contextlib.contextmanager
    def apply(self) -> Iterator[Build]:
        """Set the CPU thread count for the block and restore it after (also on error).

        On CUDA it also turns TF32 matmuls off for the block, so "fp32" means float32 arithmetic
        there too (torch's default for matmuls, not for cuDNN convolutions, which stay as set).
        """
        usable, reason = self.availability()
        if not usable:
            raise BuildUnavailable(reason)
        import torch

        old_threads = torch.get_num_threads()
        old_tf32 = torch.backends.cuda.matmul.allow_tf32
        try:
            if self.threads is not None:
                torch.set_num_threads(self.threads)
            if self.device == "cuda":
                torch.backends.cuda.matmul.allow_tf32 = False
            yield self
        finally:
            torch.set_num_threads(old_threads)
            torch.backends.cuda.matmul.allow_tf32 = old_tf32

    def perturb_(self, model: Any) -> Any:
        """Move every floating-point parameter ``init_perturbation_ulps`` ulps (in place).

        ``torch.nextafter`` steps to the adjacent representable number of the parameter's own dtype,
        so the nudge is exactly one ulp per step whatever the precision.
        """
        import torch

        steps = self.init_perturbation_ulps
        if not steps:
            return model
        target = torch.inf if steps > 0 else -torch.inf
        with torch.no_grad():
            for param in model.parameters():
                if not param.is_floating_point():
                    continue
                toward = torch.full_like(param, target)
                for _ in range(abs(steps)):
                    param.copy_(torch.nextafter(param, toward))
        return model


def difference(reference: Build, other: Build) -> str:
    """What separates two builds, in words, with proxies named as proxies."""
    if reference.first == other.first:
        return "same build, run again"
    parts = []
    if reference.device != other.device:
        parts.append(f"device {reference.device} vs {other.device} (real hardware difference)")
    if reference.precision != other.precision:
        parts.append(f"precision {reference.precision} vs {other.precision}")
    if reference.batch_size != other.batch_size:
        parts.append(f"batch size {reference.batch_size} vs {other.batch_size}")
    if reference.threads != other.threads and reference.device == other.device == "cpu":
        parts.append(f"CPU threads {reference.threads} vs {other.threads} [proxy for another CPU]")
    if reference.init_perturbation_ulps != other.init_perturbation_ulps:
        parts.append(
            f"initial weights {other.init_perturbation_ulps - reference.init_perturbation_ulps:+d} ulp "
            "[proxy for rounding differences between machines]"
        )
    return "; ".join(parts) or "name only"


def reference_and_proxies(
    precision: str = "fp64", batch_size: int = 1, *, threads: int = 2, include_cuda: bool = True
) -> list[Build]:
    """The builds the example uses: a reference, two proxies and (where wanted) CUDA."""
    builds = [
        Build("cpu", precision, batch_size, threads=1),
        Build("cpu", precision, batch_size, threads=threads),
        Build("cpu", precision, batch_size, threads=1, init_perturbation_ulps=1),
    ]
    if include_cuda:
        builds.append(Build("cuda", precision, batch_size))
    return builds
