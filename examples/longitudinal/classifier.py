"""The seed paper's network at small scale, and a training routine that applies a `Build`.

Network (paper §IV-C): fully connected layers n_features–128–32–C with interleaved LayerNorm and
softshrink; Adamax; cross-entropy; minibatch size k. Everything random is seeded from one seed:
the initial weights (drawn in float32, then cast, so fp32 and fp64 builds start from the same
numbers) and the order of the training cases (a seeded permutation per epoch).

Returned with the scores: the final flat parameters, snapshots at steps 0, 1, 2, 4, 8, … and at the
end of every epoch, and a digest of the parameters after *every* step, so the first step where two
builds part bitwise is exact even between snapshots.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import torch
from torch import nn

from pytest_mlaudit.longitudinal import Build, as_flat_array


def make_network(n_features: int, n_classes: int, hidden: tuple[int, int] = (128, 32)) -> nn.Module:
    first, second = hidden
    return nn.Sequential(
        nn.Linear(n_features, first),
        nn.LayerNorm(first),
        nn.Softshrink(),
        nn.Linear(first, second),
        nn.LayerNorm(second),
        nn.Softshrink(),
        nn.Linear(second, n_classes),
    )


def _flat(model: nn.Module) -> np.ndarray:
    return as_flat_array(model).copy()


def _digest(model: nn.Module) -> str:
    # CRC-32 over the parameters' own memory (no copy): a cheap fingerprint taken after every step,
    # so the first step at which two builds differ bitwise is exact (a CRC collision could only
    # make that step look later, with probability ~2^-32 per step).
    crc = 0
    for param in model.parameters():
        crc = zlib.crc32(param.detach().cpu().contiguous().numpy().view(np.uint8).data, crc)
    return f"{crc:08x}"


def train(
    build: Build,
    data: Any,
    *,
    seed: int = 0,
    epochs: int = 6,
    lr: float = float(np.exp(-6)),
    weight_decay: float = float(np.exp(-6)),
    hidden: tuple[int, int] = (128, 32),
) -> dict[str, Any]:
    """Train one build; returns probabilities on holdout and clinical sets, and the parameter trail."""
    dtype, device = build.dtype, build.torch_device
    with build.apply():
        torch.manual_seed(seed)
        model = make_network(data.n_features, data.n_classes, hidden).to(device=device, dtype=dtype)
        build.perturb_(model)
        optimiser = torch.optim.Adamax(model.parameters(), lr=lr, weight_decay=weight_decay)
        x = torch.as_tensor(data.x_train, dtype=dtype, device=device)
        y = torch.as_tensor(data.y_train, dtype=torch.long, device=device)
        order_rng = torch.Generator().manual_seed(seed)
        snapshots = [(0, _flat(model))]
        digests = [_digest(model)]
        losses = []
        step, next_snapshot = 0, 1
        for _ in range(epochs):
            order = torch.randperm(len(x), generator=order_rng)
            for start in range(0, len(x), build.batch_size):
                batch = order[start : start + build.batch_size].to(device)
                optimiser.zero_grad(set_to_none=True)
                loss = nn.functional.cross_entropy(model(x[batch]), y[batch])
                loss.backward()
                optimiser.step()
                step += 1
                digests.append(_digest(model))
                if step == next_snapshot:
                    snapshots.append((step, _flat(model)))
                    next_snapshot *= 2
                losses.append(float(loss.detach()))
            if snapshots[-1][0] != step:
                snapshots.append((step, _flat(model)))
        model.eval()
        with torch.no_grad():
            proba = {
                name: torch.softmax(model(torch.as_tensor(xs, dtype=dtype, device=device)), dim=1)
                .double()
                .cpu()
                .numpy()
                for name, xs in (("holdout", data.x_holdout), ("clinical", data.x_clinical))
            }
    return {
        "holdout": proba["holdout"],
        "clinical": proba["clinical"],
        "params": snapshots[-1][1],
        "snapshots": snapshots,
        "step_digests": digests,
        "losses": losses,
        "model": model,
    }
