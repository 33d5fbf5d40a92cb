"""The paper's §4.2 precision-mechanism sweep, its pieces: the synthetic benchmark of §2.6
(`gaussian_mixture`), its 8 cells and 4 rounding modes, a stratified split, and one training of the
§2.2 classifier (`model.VariantCNN`, focal or weighted-BCE loss from `pytest_mlaudit.synthetic.losses`)
under one precision condition (`train_classifier`, returning a `Run`).

examples/precision_mechanism and test_f2_mechanism.py run them; the library keeps only what is not
the paper's (`pytest_mlaudit.precision.noise_ratio.rounding_noise_ratio`). torch is imported inside
the functions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# 8 cells of (separation d, within-component sd sigma). The classifier's BatchNorm makes training
# depend on the mixture through d/sigma only (scaling the data is undone by the first BatchNorm), so
# the cells have 8 distinct ratios, 0.58 to 1.5: the range where focal-loss training collapses for
# some seeds (below ~0.5 it always collapses, above ~2 never).
MECHANISM_CELLS = tuple((d, sd) for sd in (1.0, 1.3) for d in (0.75, 1.0, 1.25, 1.5))
MECHANISM_MODES = ("fp32", "fp16-rtn", "fp16-sr", "bf16-sr")


def gaussian_mixture(
    n: int,
    separation: float,
    sd: float = 1.0,
    *,
    prevalence: float = 0.25,
    dim: int = 12,
    seed: int = 0,
) -> tuple:
    """Two isotropic Gaussian components in R^dim whose means are `separation` apart along the
    all-ones direction, within-component standard deviation `sd`, a fraction `prevalence` of
    positives. Returns (X float32 [n, dim], y float32 [n]) as torch tensors."""
    import torch

    if n < 2 or not 0 < prevalence < 1 or sd <= 0 or dim < 1:
        raise ValueError(
            f"gaussian_mixture: need n >= 2, 0 < prevalence < 1, sd > 0, dim >= 1; got n={n!r}, prevalence={prevalence!r}, sd={sd!r}, dim={dim!r}"
        )
    generator = torch.Generator().manual_seed(seed)
    y = (torch.rand(n, generator=generator) < prevalence).float()
    direction = torch.ones(dim) / math.sqrt(dim)
    # a generator draws features given the label by definition: not a leak
    # mlaudit: ignore[MLA001]
    X = torch.randn(n, dim, generator=generator) * sd + (y[:, None] - 0.5) * separation * direction
    return X, y


def train_classifier(
    data: tuple,
    precision: str,
    *,
    seed: int,
    loss: str = "focal",
    epochs: int = 30,
    batch_size: int = 32,
    lr: float = 1e-3,
    device: str = "cpu",
    model: Any = None,
) -> Any:
    """Train the paper's `VariantCNN` (or `model`) with Adam under one precision condition and
    return the held-out `Run`. `data` is (X_train, y_train, X_test, y_test). The seed fixes initialisation
    and batch order, identically under every precision, so runs pair by seed."""
    import torch

    from examples.variant_calling.model import VariantCNN
    from pytest_mlaudit import Run
    from pytest_mlaudit.precision import Precision
    from pytest_mlaudit.synthetic.losses import make_loss

    X_train, y_train, X_test, y_test = data
    torch.manual_seed(seed)
    model = model if model is not None else VariantCNN()
    p = Precision(precision, device=device, seed=seed)
    model = p.prepare_model(model)
    loss_fn = make_loss(loss)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        model.train()
        permutation = torch.randperm(len(y_train), generator=order)
        total, batches = 0.0, 0
        for start in range(0, len(permutation) - 1, batch_size):
            index = permutation[start : start + batch_size]
            if index.numel() < 2:  # BatchNorm needs two examples
                continue
            xb, yb = p.inputs(X_train[index], y_train[index])
            optimizer.zero_grad(set_to_none=True)
            with p.autocast():
                logits = model(xb).squeeze(-1)
            batch_loss = loss_fn(logits.to(yb.dtype), yb)
            p.backward(batch_loss)
            p.step(optimizer)
            total += float(batch_loss.detach())
            batches += 1
        losses.append(total / max(batches, 1))
    model.eval()
    with torch.no_grad():
        xt = p.inputs(X_test)
        with p.autocast():
            scores = torch.sigmoid(model(xt).squeeze(-1).float())
    return Run(
        y_test.cpu().numpy(),
        scores.cpu().double().numpy(),
        losses=losses,
        extra={"precision": p.describe()},
    )


def split(X: Any, y: Any, *, test_fraction: float = 0.3, seed: int = 0) -> tuple:
    """Stratified train/test split (70/30 as in §2.6): (X_train, y_train, X_test, y_test)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    train_parts, test_parts = [], []
    for label in (0.0, 1.0):
        index = torch.nonzero(y == label).reshape(-1)
        index = index[torch.randperm(index.numel(), generator=generator)]
        cut = int(round(index.numel() * test_fraction))
        test_parts.append(index[:cut])
        train_parts.append(index[cut:])
    train_index, test_index = torch.cat(train_parts), torch.cat(test_parts)
    return X[train_index], y[train_index], X[test_index], y[test_index]


def cell_id(cell: Sequence[float]) -> str:
    separation, sd = cell
    return f"d={separation:g},sd={sd:g}"
