"""VariantCNN exactly as §2.2 of the paper, its parameter layout, and per-seed initialisation.

12 features -> reshape (C=6, W=2) -> Conv1d(6, 16, kernel 2) -> BatchNorm -> ReLU -> flatten (16)
-> Linear(16, 32) -> BatchNorm -> ReLU -> Linear(32, 1) -> logit.

The paper states 1,169 parameters; this architecture has 881 trainable parameters (and 96
BatchNorm running-statistic buffers plus 2 batch counters, which are not parameters):
conv 6*16*2 + 16 = 208, BN 2*16 = 32, fc1 16*32 + 32 = 544, BN 2*32 = 64, fc2 32 + 1 = 33.
``parameter_count()`` computes it from the module so the report quotes torch, not arithmetic.

The losses are ``pytest_mlaudit.synthetic.losses`` (Eq. 1 and Eq. 2 on logits).
"""

from __future__ import annotations

import torch
from torch import nn

PAPER_PARAMETER_COUNT = 1_169


class VariantCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(6, 16, kernel_size=2)
        self.bn1 = nn.BatchNorm1d(16)
        self.fc1 = nn.Linear(16, 32)
        self.bn2 = nn.BatchNorm1d(32)
        self.fc2 = nn.Linear(32, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(
            self.bn1(self.conv(x.reshape(-1, 6, 2)))
        )  # (B, 16, 1): W=2, k=2 leaves one column
        h = torch.relu(self.bn2(self.fc1(h.flatten(1))))
        return self.fc2(h).squeeze(-1)


# (name in the state dict, shape) in the order of the flat parameter vector the batched engine uses
PARAMETER_LAYOUT = (
    ("conv.weight", (16, 6, 2)),
    ("conv.bias", (16,)),
    ("bn1.weight", (16,)),
    ("bn1.bias", (16,)),
    ("fc1.weight", (32, 16)),
    ("fc1.bias", (32,)),
    ("bn2.weight", (32,)),
    ("bn2.bias", (32,)),
    ("fc2.weight", (1, 32)),
    ("fc2.bias", (1,)),
)
BUFFER_LAYOUT = (
    ("bn1.running_mean", 16),
    ("bn1.running_var", 16),
    ("bn2.running_mean", 32),
    ("bn2.running_var", 32),
)


def parameter_count(trainable_only: bool = True) -> int:
    model = VariantCNN()
    count = sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
    if not trainable_only:
        count += sum(b.numel() for b in model.buffers())
    return count


def init_model(seed: int) -> VariantCNN:
    """PyTorch's default initialisation drawn from ``seed`` without touching the global RNG."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return VariantCNN()


def data_order_generator(seed: int) -> torch.Generator:
    """The generator of a seed's per-epoch permutations (a stream apart from initialisation)."""
    return torch.Generator().manual_seed(seed * 2 + 1)


def flat_parameters(model: VariantCNN) -> torch.Tensor:
    state = model.state_dict()
    return torch.cat([state[name].reshape(-1) for name, _ in PARAMETER_LAYOUT])


def flat_buffers(model: VariantCNN) -> torch.Tensor:
    state = model.state_dict()
    return torch.cat([state[name].reshape(-1) for name, _ in BUFFER_LAYOUT])


def load_flat(
    model: VariantCNN, params: torch.Tensor, buffers: torch.Tensor | None = None
) -> VariantCNN:
    """Write a flat parameter (and buffer) vector back into ``model``: the inverse of flat_parameters."""
    state = model.state_dict()
    offset = 0
    for name, shape in PARAMETER_LAYOUT:
        size = int(torch.Size(shape).numel())
        state[name] = params[offset : offset + size].reshape(shape).clone()
        offset += size
    if buffers is not None:
        offset = 0
        for name, size in BUFFER_LAYOUT:
            state[name] = buffers[offset : offset + size].clone()
            offset += size
    model.load_state_dict(state)
    return model
