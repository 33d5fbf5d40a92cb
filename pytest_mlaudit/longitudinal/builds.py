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
from typing import Any, Iterator

DEVICES = ("cpu", "cuda")

# Fallback for when the precision module (issue 4) is not importable; names follow it.
_DTYPE_NAMES = {
    "fp64": "float64",
    "fp32": "float32",
    "tf32": "float32",
    "bf16": "bfloat16",
    "fp16": "float16",
}


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

    def __post_init__(self) -> None:
        if self.device not in DEVICES:
            raise ValueError(f"Build(device={self.device!r}): expected one of {DEVICES}")
        if self.precision not in _DTYPE_NAMES:
            raise ValueError(
                f"Build(precision={self.precision!r}): expected one of {tuple(_DTYPE_NAMES)}"
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
        if self.name:
            return self.name
        parts = [self.device, self.precision, f"k={self.batch_size}"]
        if self.threads is not None:
            parts.append(f"threads={self.threads}")
        if self.init_perturbation_ulps:
            parts.append(f"init{self.init_perturbation_ulps:+d}ulp")
        return " ".join(parts)

    @property
    def proxies(self) -> tuple[str, ...]:
        """Which settings of this build stand in for other hardware (empty: none)."""
        found = []
        if self.threads is not None:
            found.append("thread count (proxy for another CPU's reduction order)")
        if self.init_perturbation_ulps:
            found.append("init perturbation (proxy for rounding differences between machines)")
        return tuple(found)

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
                return False, f"build {self.label!r} needs torch with CUDA; torch is not installed"
            if not torch.cuda.is_available():
                return False, f"build {self.label!r} needs a CUDA device and none is available here"
        return True, ""

    # -- applying it -----------------------------------------------------------------------
    @property
    def dtype(self) -> Any:
        import torch

        return getattr(torch, _DTYPE_NAMES[self.precision])

    @property
    def torch_device(self) -> Any:
        import torch

        return torch.device(self.device)

    @contextlib.contextmanager
    def apply(self) -> Iterator["Build"]:
        """Set the thread count (and TF32 for ``tf32``) for the block, and restore them after."""
        import torch

        old_threads = torch.get_num_threads()
        old_tf32 = torch.backends.cuda.matmul.allow_tf32
        try:
            if self.threads is not None:
                torch.set_num_threads(self.threads)
            torch.backends.cuda.matmul.allow_tf32 = self.precision == "tf32"
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


def reference_and_proxies(
    precision: str = "fp64", batch_size: int = 1, *, threads: int = 2, include_cuda: bool = True
) -> list[Build]:
    """The builds the example uses: a reference, two proxies and (where wanted) CUDA."""
    builds = [
        Build("cpu", precision, batch_size, threads=1, name=f"cpu {precision} k={batch_size}"),
        Build("cpu", precision, batch_size, threads=threads,
              name=f"cpu {precision} k={batch_size} threads={threads} [proxy]"),
        Build("cpu", precision, batch_size, threads=1, init_perturbation_ulps=1,
              name=f"cpu {precision} k={batch_size} init+1ulp [proxy]"),
    ]
    if include_cuda:
        builds.append(Build("cuda", precision, batch_size, name=f"cuda {precision} k={batch_size}"))
    return builds
