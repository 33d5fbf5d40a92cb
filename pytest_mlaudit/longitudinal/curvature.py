"""How close a training state is to a saddle neighbourhood (seed paper, §III-B and §IV-G).

With rounding error ε in the gradient, the error that annihilates the gradient is about H⁻¹∇L
(Eq. 5). It is small when the gradient lies in the span of the Hessian's top singular vectors
u_1..u_k (Remark 3), so the paper tracks ``‖Uᵀ∇L‖`` with U = [u_1 … u_64], found by block power
iteration, and checks that the Hessian is indefinite (λ_min < 0 < λ_max: a saddle, not a minimum).

Everything here works on Hessian-vector products (``torch.func``: forward-over-reverse), never on
the Hessian itself, so a model with a million parameters costs k gradients per iteration, not n².
The Hessian is symmetric, so its left singular vectors are the eigenvectors of largest |λ|.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class SaddleResidual:
    """The residual, the gradient it is part of, and the curvature evidence beside it.

    ``lambda_min_upper`` and ``lambda_max_lower`` are Rayleigh quotients of actual vectors, so they
    bound the extreme eigenvalues rigorously (up to rounding): ``lambda_min <= lambda_min_upper`` and
    ``lambda_max >= lambda_max_lower``. When the first is < 0 < the second, the Hessian is indefinite.
    """

    residual: float
    gradient_norm: float
    relative_residual: float
    singular_values: tuple[float, ...]
    ritz_residual: float
    iterations: int
    converged: bool
    lambda_min_upper: float
    lambda_max_lower: float
    n_parameters: int
    k: int

    @property
    def indefinite(self) -> bool:
        return self.lambda_min_upper < 0.0 < self.lambda_max_lower

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["indefinite"] = self.indefinite
        return out


def _flat_loss(model: Any, loss_fn: Callable, batch: Any, dtype: Any) -> tuple[Any, Callable]:
    """(flat parameters, loss as a function of a flat parameter vector)."""
    import torch
    from torch.func import functional_call

    if dtype is not None:
        model = copy.deepcopy(model).to(dtype)
    inputs, targets = batch
    if dtype is not None and torch.is_tensor(inputs) and inputs.is_floating_point():
        inputs = inputs.to(dtype)
    named = [(n, p.detach()) for n, p in model.named_parameters() if p.requires_grad]
    if not named:
        raise ValueError("saddle_residual: the model has no trainable parameters")
    names = [n for n, _ in named]
    shapes = [p.shape for _, p in named]
    sizes = [p.numel() for _, p in named]
    flat = torch.cat([p.reshape(-1) for _, p in named])
    buffers = {n: b for n, b in model.named_buffers()}

    def loss_of(vector: Any) -> Any:
        pieces = torch.split(vector, sizes)
        params = {n: piece.reshape(s) for n, piece, s in zip(names, pieces, shapes)}
        return loss_fn(functional_call(model, (params, buffers), (inputs,)), targets)

    return flat, loss_of


def _hessian_operator(flat: Any, loss_of: Callable) -> tuple[Any, Callable, Callable]:
    """(gradient, hvp(v), block_hvp(V with vectors as columns))."""
    import torch
    from torch.func import grad, jvp, vmap

    gradient_fn = grad(loss_of)

    def hvp(vector: Any) -> Any:
        return jvp(gradient_fn, (flat,), (vector,))[1]

    batched = vmap(hvp, in_dims=1, out_dims=1)

    def block_hvp(block: Any) -> Any:
        try:
            return batched(block)
        except Exception:  # some ops have no batching rule; one HVP at a time is always possible
            return torch.stack([hvp(block[:, j]) for j in range(block.shape[1])], dim=1)

    return gradient_fn(flat), hvp, block_hvp


def _rayleigh(hvp: Callable, vector: Any) -> float:
    vector = vector / vector.norm()
    return float(vector @ hvp(vector))


def _smallest_eigenvalue_bound(
    hvp: Callable, n: int, shift: float, dtype: Any, seed: int, iterations: int
) -> float:
    """An upper bound on λ_min: Lanczos (ARPACK via scipy), shifted power iteration as fallback."""
    import numpy as np
    import torch
    from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

    def matvec(x: Any) -> Any:
        vector = torch.as_tensor(np.ascontiguousarray(x).reshape(-1), dtype=dtype)
        return hvp(vector).detach().cpu().double().numpy()

    candidates = []
    if n > 2:
        operator = LinearOperator((n, n), matvec=matvec, dtype=np.float64)
        start = np.random.default_rng(seed).standard_normal(n)
        try:
            _, vectors = eigsh(operator, k=1, which="SA", v0=start, maxiter=iterations, tol=1e-6)
            candidates.append(vectors[:, 0])
        except ArpackNoConvergence as stalled:
            if stalled.eigenvectors is not None and stalled.eigenvectors.size:
                candidates.append(stalled.eigenvectors[:, 0])
    if not candidates:
        # H − σI with σ >= λ_max has λ_min − σ as its eigenvalue of largest magnitude.
        generator = torch.Generator().manual_seed(seed)
        vector = torch.randn(n, generator=generator, dtype=torch.float64).to(dtype)
        for _ in range(iterations):
            vector = hvp(vector) - shift * vector
            vector = vector / vector.norm()
        candidates.append(vector.detach().cpu().double().numpy())
    return min(_rayleigh(hvp, torch.as_tensor(c, dtype=dtype)) for c in candidates)


def saddle_residual(
    model: Any,
    loss_fn: Callable,
    batch: Any,
    k: int = 64,
    *,
    iterations: int = 100,
    tol: float = 1e-6,
    oversample: int = 8,
    dtype: Any = "float64",
    seed: int = 0,
) -> SaddleResidual:
    """‖Uᵀ∇L‖ for the top-k singular vectors U of the Hessian of ``loss_fn(model(x), y)``.

    ``batch`` is ``(inputs, targets)``; ``loss_fn(outputs, targets)`` returns a scalar (for example
    ``torch.nn.functional.cross_entropy``). The block power (subspace) iteration carries
    ``k + oversample`` vectors, does a Rayleigh–Ritz step each iteration and stops when every kept
    Ritz pair's residual ‖Hu − θu‖ is below ``tol`` · |θ_1|, or after ``iterations``; the result says
    which. The computation runs in float64 on a copy of the model unless ``dtype=None`` (keep the
    model's own precision). The model is not modified.
    """
    import torch

    if isinstance(dtype, str):
        dtype = getattr(torch, dtype)
    flat, loss_of = _flat_loss(model, loss_fn, batch, dtype)
    gradient, hvp, block_hvp = _hessian_operator(flat, loss_of)
    gradient = gradient.detach()
    n = flat.numel()
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"saddle_residual: k={k!r}, expected an integer >= 1")
    if not isinstance(iterations, int) or iterations < 1:
        raise ValueError(f"saddle_residual: iterations={iterations!r}, expected an integer >= 1")
    k = min(k, n)
    width = min(n, k + max(0, oversample))

    generator = torch.Generator().manual_seed(seed)
    start = torch.randn(n, width, generator=generator, dtype=torch.float64).to(flat.dtype)
    basis, _ = torch.linalg.qr(start)
    ritz_values: Any = None  # set by the first iteration (there is at least one)
    ritz_vectors: Any = None
    ritz_residual = float("inf")
    converged = False
    done = 0
    for done in range(1, iterations + 1):
        image = block_hvp(basis).detach()
        projected = basis.T @ image
        theta, rotation = torch.linalg.eigh((projected + projected.T) / 2)
        order = torch.argsort(theta.abs(), descending=True)
        theta, rotation = theta[order], rotation[:, order]
        ritz_vectors = basis @ rotation
        ritz_images = image @ rotation
        residuals = (ritz_images - ritz_vectors * theta).norm(dim=0)[:k]
        scale = max(float(theta.abs()[0]), torch.finfo(flat.dtype).tiny)
        ritz_values = theta
        ritz_residual = float(residuals.max()) / scale
        if ritz_residual < tol:
            converged = True
            break
        basis, _ = torch.linalg.qr(ritz_images)
    top = ritz_vectors[:, :k]
    residual = float((top.T @ gradient).norm())
    gradient_norm = float(gradient.norm())

    lambda_max_lower = float(ritz_values.max())
    lambda_min_upper = float(ritz_values.min())
    shift = float(ritz_values.abs().max())
    lambda_min_upper = min(
        lambda_min_upper,
        _smallest_eigenvalue_bound(
            hvp, n, shift, flat.dtype, seed, iterations=max(iterations, 300)
        ),
    )
    return SaddleResidual(
        residual=residual,
        gradient_norm=gradient_norm,
        relative_residual=residual / gradient_norm if gradient_norm else 0.0,
        singular_values=tuple(float(v) for v in ritz_values.abs()[:k]),
        ritz_residual=ritz_residual,
        iterations=done,
        converged=converged,
        lambda_min_upper=lambda_min_upper,
        lambda_max_lower=lambda_max_lower,
        n_parameters=n,
        k=k,
    )
