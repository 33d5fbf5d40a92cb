"""The paper's two losses as torch modules that take logits (the ``torch`` extra).

Both work on logits, never on probabilities: ``log(sigmoid(z))`` computed as ``logsigmoid(z)``
stays finite for any logit, where ``log(p)`` of a float32 probability is ``-inf`` once
``sigmoid(z)`` rounds to 0 (around z = -104) or 1 (z = 17 for ``log(1 - p)``).

* ``WeightedBCELoss`` is Eq. 1, ``-w y log p - (1 - y) log(1 - p)``, through
  ``F.binary_cross_entropy_with_logits(pos_weight=w)`` (paper default w = 3).
* ``FocalLoss`` is Eq. 2, ``-alpha y (1 - p)^gamma log p - (1 - alpha)(1 - y) p^gamma log(1 - p)``
  (Lin et al. 2017; paper defaults alpha = 0.25, gamma = 2), with
  ``p^gamma = exp(gamma logsigmoid(z))`` and ``(1 - p)^gamma = exp(gamma logsigmoid(-z))``.

``make_loss("bce" | "focal", **options)`` builds one by name, for the consistency sweep.

This module imports torch at import time: import it only where the torch extra is installed.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str) -> str:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {_REDUCTIONS}, got {reduction!r}")
    return reduction


def _reduce(loss: torch.Tensor, reduction: str) -> torch.Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


class WeightedBCELoss(nn.Module):
    """Binary cross-entropy from logits with positive-class weight ``pos_weight`` (Eq. 1)."""

    pos_weight: torch.Tensor  # a buffer

    def __init__(self, pos_weight: float = 3.0, reduction: str = "mean") -> None:
        super().__init__()
        if not pos_weight > 0:
            raise ValueError(f"pos_weight must be positive, got {pos_weight!r}")
        self.reduction = _check_reduction(reduction)
        # A buffer, so .to(device) and state_dict carry it.
        self.register_buffer("pos_weight", torch.tensor(float(pos_weight)))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = targets.to(logits.dtype)
        return F.binary_cross_entropy_with_logits(
            logits, targets, pos_weight=self.pos_weight.to(logits.dtype), reduction=self.reduction
        )

    def extra_repr(self) -> str:
        return f"pos_weight={float(self.pos_weight):g}, reduction={self.reduction!r}"


class FocalLoss(nn.Module):
    """Focal loss from logits (Eq. 2): ``alpha`` weighs positives, ``gamma`` focuses on hard ones."""

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean") -> None:
        super().__init__()
        if not 0.0 <= alpha <= 1.0:
            raise ValueError(f"alpha must be in [0, 1], got {alpha!r}")
        if not gamma >= 0.0:
            raise ValueError(f"gamma must be non-negative, got {gamma!r}")
        self.alpha = float(alpha)
        self.gamma = float(gamma)
        self.reduction = _check_reduction(reduction)

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = targets.to(logits.dtype)
        log_p = F.logsigmoid(logits)
        log_not_p = F.logsigmoid(-logits)
        # (1 - p)^gamma and p^gamma from log space: no 0 ** gamma, no log(0).
        positive_term = self.alpha * torch.exp(self.gamma * log_not_p) * log_p
        negative_term = (1.0 - self.alpha) * torch.exp(self.gamma * log_p) * log_not_p
        loss = -(targets * positive_term + (1.0 - targets) * negative_term)
        return _reduce(loss, self.reduction)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha:g}, gamma={self.gamma:g}, reduction={self.reduction!r}"


LOSSES = {"bce": WeightedBCELoss, "focal": FocalLoss}


def make_loss(name: str, **options) -> nn.Module:
    """Build a loss by the name the consistency sweep passes to the test (``"bce"``, ``"focal"``)."""
    try:
        loss_class = LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; known losses: {sorted(LOSSES)}") from None
    return loss_class(**options)
