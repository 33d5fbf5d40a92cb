"""Two training engines for the paper's protocol (§2.2-2.3): a plain reference and a batched one.

* :func:`train_reference` is the textbook loop: one ``VariantCNN``, ``torch.optim.Adam``, the loss
  modules of ``pytest_mlaudit.synthetic.losses``, autograd. It is the specification.
* :func:`train_batched` trains S seeds as one computation. The 881 parameters of every seed sit in
  one ``(S, 881)`` tensor; a step gathers each seed's own minibatch ``(S, B, 12)``, runs the
  network as three batched matmuls with per-seed BatchNorm batch statistics, back-propagates by
  hand-written gradients (the network is three affine maps, two BatchNorms and two ReLUs, so the
  backward pass is a dozen lines; measured ~2x faster than autograd over the stacked tensors),
  and applies Adam to the flat tensor with the exact update ``torch.optim.Adam`` performs.
  BatchNorm running statistics are kept per seed for evaluation.

Both engines draw a seed's initial weights from PyTorch's own default initialisation
(:func:`model.init_model`) and its per-epoch data order from :func:`model.data_order_generator`,
so the same seed is the same training in both: the agreement test compares weights after a few
steps, and the large sweeps compare F1 distributions (the paper's protocol item 4, applied to us).

Precision hooks: ``hooks.after_backward(grads)`` and ``hooks.after_step(params)`` receive the
``(S, P)`` flat gradient / parameter tensor (``(1, P)`` in the reference engine) and return the
tensor to use, e.g. ``pytest_mlaudit.precision.rounding.quantize(x, "fp16", "sr", generator=g)``.

A batch of one row cannot be normalised in training mode (torch raises); both engines drop a
final batch of size 1 and keep any larger final partial batch, as ``DataLoader`` would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import warnings
from dataclasses import dataclass, field

import torch

from .model import (
    BUFFER_LAYOUT,
    PARAMETER_LAYOUT,
    data_order_generator,
    flat_buffers,
    flat_parameters,
    init_model,
)

BN_EPS = 1e-5
BN_MOMENTUM = 0.1


@dataclass(frozen=True)
class TrainConfig:
    loss: str = "bce"  # "bce" (Eq. 1) or "focal" (Eq. 2)
    pos_weight: float = 3.0
    alpha: float = 0.25
    gamma: float = 2.0
    lr: float = 1e-3
    batch_size: int = 32
    epochs: int = 30
    betas: tuple = (0.9, 0.999)
    eps: float = 1e-8

    def __post_init__(self) -> None:
        if self.loss not in ("bce", "focal"):
            raise ValueError(f"TrainConfig.loss must be 'bce' or 'focal', got {self.loss!r}")
        if self.batch_size < 2:
            raise ValueError(
                f"TrainConfig.batch_size must be at least 2 (BatchNorm), got {self.batch_size}"
            )


@dataclass
class TrainResult:
    """One seed's training: test labels and scores, and the mean training loss of each epoch."""

    seed: int
    y_true: object
    y_score: object
    losses: list = field(default_factory=list)


@contextlib.contextmanager
def intra_op_threads(threads: int | None):
    """Run with ``threads`` torch intra-op threads, then restore the caller's setting.

    VariantCNN's tensors are too small to split across threads: with 2 threads on this 2-core
    machine under load, OpenMP's spin-waiting made a batched step ~100x slower than with 1
    (2.8 s against 0.03 s for 20 steps of 8 seeds). Use cores through processes instead.
    ``None`` leaves torch's setting alone.
    """
    if threads is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def batch_bounds(n: int, batch_size: int) -> list:
    bounds = [(start, min(start + batch_size, n)) for start in range(0, n, batch_size)]
    if bounds and bounds[-1][1] - bounds[-1][0] < 2:
        bounds.pop()
    return bounds


def epoch_orders(seed: int, n: int, epochs: int) -> torch.Tensor:
    """The seed's permutation of the ``n`` training rows for each epoch, ``(epochs, n)``."""
    generator = data_order_generator(seed)
    return torch.stack([torch.randperm(n, generator=generator) for _ in range(epochs)])


# --------------------------------------------------------------------------------------------
# reference engine


def train_reference(
    x_train,
    y_train,
    x_test,
    y_test,
    seed: int,
    config: TrainConfig = TrainConfig(),
    hooks=None,
    steps: int | None = None,
    model=None,
    threads: int | None = 1,
):
    """Train one seed the plain way. ``steps`` stops early (for the agreement test)."""
    with intra_op_threads(threads):
        return _train_reference(x_train, y_train, x_test, y_test, seed, config, hooks, steps, model)


def _train_reference(x_train, y_train, x_test, y_test, seed, config, hooks, steps, model):
    from pytest_mlaudit.synthetic.losses import make_loss

    x = torch.as_tensor(x_train, dtype=torch.float32)
    y = torch.as_tensor(y_train, dtype=torch.float32)
    model = model if model is not None else init_model(seed)
    optimizer = torch.optim.Adam(
        model.parameters(), lr=config.lr, betas=config.betas, eps=config.eps
    )
    loss_fn = make_loss(
        config.loss,
        **(
            {"pos_weight": config.pos_weight}
            if config.loss == "bce"
            else {"alpha": config.alpha, "gamma": config.gamma}
        ),
    )
    orders = epoch_orders(seed, len(x), config.epochs)
    bounds = batch_bounds(len(x), config.batch_size)
    epoch_losses, done = [], 0
    model.train()
    for epoch in range(config.epochs):
        total, rows = 0.0, 0
        for start, stop in bounds:
            idx = orders[epoch, start:stop]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            if hooks is not None:
                _hook_reference(model, hooks.after_backward, grads=True)
            optimizer.step()
            if hooks is not None:
                _hook_reference(model, hooks.after_step, grads=False)
            total += loss.item() * (stop - start)
            rows += stop - start
            done += 1
            if steps is not None and done >= steps:
                return model
        epoch_losses.append(total / rows)
    model.eval()
    with torch.no_grad():
        score = torch.sigmoid(model(torch.as_tensor(x_test, dtype=torch.float32))).numpy()
    return TrainResult(seed, y_test, score, epoch_losses)


def _hook_reference(model, hook, grads: bool) -> None:
    tensors = [p.grad if grads else p.data for p in model.parameters()]
    flat = torch.cat([t.reshape(-1) for t in tensors])[None, :]
    flat = hook(flat)[0]
    offset = 0
    for t in tensors:
        t.copy_(flat[offset : offset + t.numel()].reshape(t.shape))
        offset += t.numel()


# --------------------------------------------------------------------------------------------
# batched engine

_SIZES = [int(torch.Size(shape).numel()) for _, shape in PARAMETER_LAYOUT]
_OFFSETS = [sum(_SIZES[:i]) for i in range(len(_SIZES) + 1)]
N_PARAMS = _OFFSETS[-1]


def _views(flat: torch.Tensor):
    """Per-layer views of an (S, P) tensor: conv (S,16,12), bc, g1, b1, W1 (S,32,16), bf1, g2, b2, W2 (S,1,32), bf2."""
    S = flat.shape[0]
    out = []
    for (name, shape), lo, hi in zip(PARAMETER_LAYOUT, _OFFSETS[:-1], _OFFSETS[1:]):
        view = flat[:, lo:hi]
        if name == "conv.weight":
            view = view.reshape(S, 16, 12)  # Conv1d(6,16,k=2) on width 2 is a 12 -> 16 linear map
        elif len(shape) == 2:
            view = view.reshape(S, *shape)
        out.append(view)
    return out


class BatchedTrainer:
    """S seeds of VariantCNN trained in lockstep; see the module docstring.

    ``x_train`` is ``(N, 12)`` shared by all seeds or ``(S, N, 12)``, one dataset per seed (the
    mechanism sweep trains cells with different data in one batch); ``y_train`` likewise.
    """

    def __init__(
        self,
        seeds,
        x_train,
        y_train,
        config: TrainConfig = TrainConfig(),
        hooks=None,
        initial=None,
        orders=None,
        device: str | torch.device = "cpu",
        compile: bool | None = None,
        threads: int | None = 1,
    ) -> None:
        self.seeds = list(seeds)
        self.threads = threads
        self.config = config
        self.hooks = hooks
        self.device = torch.device(device)
        S = len(self.seeds)
        x = torch.as_tensor(x_train, dtype=torch.float32)
        y = torch.as_tensor(y_train, dtype=torch.float32)
        if x.dim() == 2:
            self.n = x.shape[0]
            self.x_flat, self.y_flat = x.to(self.device), y.to(self.device)
            self.row_offset = None
        else:
            if x.shape[0] != S:
                raise ValueError(f"x_train has {x.shape[0]} datasets for {S} seeds")
            self.n = x.shape[1]
            self.x_flat, self.y_flat = (
                x.reshape(-1, 12).to(self.device),
                y.reshape(-1).to(self.device),
            )
            self.row_offset = (torch.arange(S, device=self.device) * self.n)[:, None]
        if initial is None:
            models = [init_model(s) for s in self.seeds]
            params = torch.stack([flat_parameters(m) for m in models])
            buffers = torch.stack([flat_buffers(m) for m in models])
        else:
            params, buffers = initial
        self.params = params.to(self.device, torch.float32).contiguous().clone()
        self.buffers = buffers.to(self.device, torch.float32).contiguous().clone()
        self.exp_avg = torch.zeros_like(self.params)
        self.exp_avg_sq = torch.zeros_like(self.params)
        self.step_tensor = torch.zeros((), dtype=torch.float32, device=self.device)
        if orders is None:
            orders = torch.stack(
                [epoch_orders(s, self.n, config.epochs) for s in self.seeds], dim=1
            )  # (E, S, N)
        self.orders = orders.to(self.device)
        self.bounds = batch_bounds(self.n, config.batch_size)
        self.epoch_losses = torch.zeros(config.epochs, S, dtype=torch.float64)
        self._compiled = compiled_forward_backward() if _want_compile(compile) else None

    # -- one step ------------------------------------------------------------------------
    def _forward_backward(self, x, y):
        if self._compiled is not None:
            try:
                return self._compiled(self.params, x, y, self.config)
            except Exception as error:  # no working compiler here: same maths, eagerly
                warnings.warn(
                    f"torch.compile failed ({type(error).__name__}); training eagerly", stacklevel=2
                )
                self._compiled = None
        return forward_backward(self.params, x, y, self.config)

    def _update_running(self, mu1, var1, mu2, var2, B):
        unbias = B / (B - 1)
        new = torch.cat([mu1, var1 * unbias, mu2, var2 * unbias], dim=1)
        self.buffers.lerp_(new, BN_MOMENTUM)

    def _adam(self, grad):
        # torch's fused Adam kernel: one pass over (S, P) doing what torch.optim.Adam's default
        # (for-each) implementation does in eight.
        b1, b2 = self.config.betas
        self.step_tensor += 1
        torch._fused_adam_(
            [self.params],
            [grad],
            [self.exp_avg],
            [self.exp_avg_sq],
            [],
            [self.step_tensor],
            lr=self.config.lr,
            beta1=b1,
            beta2=b2,
            weight_decay=0.0,
            eps=self.config.eps,
            amsgrad=False,
            maximize=False,
        )

    def run(self, steps: int | None = None) -> None:
        """Train all epochs (or the first ``steps`` steps)."""
        done = 0
        with torch.no_grad(), intra_op_threads(self.threads):
            for epoch in range(self.config.epochs):
                order = self.orders[epoch]
                if self.row_offset is not None:
                    order = order + self.row_offset
                loss_sum = torch.zeros(len(self.seeds), dtype=torch.float32, device=self.device)
                rows = 0
                for start, stop in self.bounds:
                    idx = order[:, start:stop]
                    x, y = self.x_flat[idx], self.y_flat[idx]
                    loss, grad, mu1, var1, mu2, var2 = self._forward_backward(x, y)
                    self._update_running(mu1, var1, mu2, var2, stop - start)
                    if self.hooks is not None:
                        grad = self.hooks.after_backward(grad)
                    self._adam(grad)
                    if self.hooks is not None:
                        self.params.copy_(self.hooks.after_step(self.params))
                    loss_sum += loss  # per-seed sum over the batch's rows
                    rows += stop - start
                    done += 1
                    if steps is not None and done >= steps:
                        return
                self.epoch_losses[epoch] = (loss_sum / rows).double().cpu()

    def predict(self, x_test) -> torch.Tensor:
        """Sigmoid scores (S, M) in evaluation mode (running statistics) for x_test (M,12) or (S,M,12)."""
        x = torch.as_tensor(x_test, dtype=torch.float32, device=self.device)
        S = len(self.seeds)
        if x.dim() == 2:
            x = x.expand(S, *x.shape)
        Wc, bc, g1, be1, W1, bf1, g2, be2, W2, bf2 = _views(self.params)
        rm1, rv1, rm2, rv2 = torch.split(self.buffers, [size for _, size in BUFFER_LAYOUT], dim=1)
        with torch.no_grad(), intra_op_threads(self.threads):
            z1 = torch.baddbmm(bc[:, None, :], x, Wc.transpose(1, 2))
            h1 = torch.relu(
                (z1 - rm1[:, None]) * torch.rsqrt(rv1[:, None] + BN_EPS) * g1[:, None]
                + be1[:, None]
            )
            z2 = torch.baddbmm(bf1[:, None, :], h1, W1.transpose(1, 2))
            h2 = torch.relu(
                (z2 - rm2[:, None]) * torch.rsqrt(rv2[:, None] + BN_EPS) * g2[:, None]
                + be2[:, None]
            )
            logit = torch.baddbmm(bf2[:, None, :], h2, W2.transpose(1, 2)).squeeze(-1)
        return torch.sigmoid(logit)


def forward_backward(params, x, y, config: TrainConfig):
    """One training step's forward and backward pass for S seeds at once.

    ``params`` (S, P) flat, ``x`` (S, B, 12), ``y`` (S, B). Returns the per-seed loss sums over
    the batch (S,), the mean-loss gradient (S, P), and the BatchNorm batch means and biased
    variances (S, 16) x2 and (S, 32) x2 for the running statistics.

    Written for few passes over the (S, B, C) activations, the cost that dominates: BatchNorm
    forward is one ``var_mean`` and two ``addcmul``; ReLU's backward is a ``where`` on the
    output; BatchNorm's backward folds ``gamma * invstd`` into two ``addcmul``. A pure function
    of tensors, so ``torch.compile`` can fuse it (see :class:`BatchedTrainer`).
    """
    Wc, bc, g1, be1, W1, bf1, g2, be2, W2, bf2 = _views(params)
    S, B = x.shape[0], x.shape[1]
    z1 = torch.baddbmm(bc[:, None, :], x, Wc.transpose(1, 2))
    h1, xh1, k1, mu1, var1 = _bn_relu_train(z1, g1, be1)
    z2 = torch.baddbmm(bf1[:, None, :], h1, W1.transpose(1, 2))
    h2, xh2, k2, mu2, var2 = _bn_relu_train(z2, g2, be2)
    logit = torch.baddbmm(bf2[:, None, :], h2, W2.transpose(1, 2)).squeeze(-1)  # (S, B)

    loss, dlogit = _loss_and_grad(logit, y, config)
    dlogit = (dlogit / B)[:, :, None]  # mean reduction; (S, B, 1)
    dW2 = torch.bmm(dlogit.transpose(1, 2), h2)  # (S, 1, 32)
    dbf2 = dlogit.sum(1)
    da2 = torch.where(h2 > 0, torch.bmm(dlogit, W2), 0.0)
    dz2, dg2, dbe2 = _bn_backward(da2, xh2, k2)
    dW1 = torch.bmm(dz2.transpose(1, 2), h1)
    dbf1 = dz2.sum(1)
    da1 = torch.where(h1 > 0, torch.bmm(dz2, W1), 0.0)
    dz1, dg1, dbe1 = _bn_backward(da1, xh1, k1)
    dWc = torch.bmm(dz1.transpose(1, 2), x)
    dbc = dz1.sum(1)
    grad = torch.cat(
        [
            dWc.reshape(S, -1),
            dbc,
            dg1,
            dbe1,
            dW1.reshape(S, -1),
            dbf1,
            dg2,
            dbe2,
            dW2.reshape(S, -1),
            dbf2,
        ],
        dim=1,
    )
    return loss, grad, mu1, var1, mu2, var2


_COMPILED = None


def _want_compile(requested: bool | None) -> bool:
    if requested is not None:
        return requested
    if os.environ.get("MLAUDIT_COMPILE", "1") == "0":
        return False
    return shutil.which(os.environ.get("CXX", "g++")) is not None or shutil.which("c++") is not None


def compiled_forward_backward():
    """:func:`forward_backward` through ``torch.compile`` (Inductor fuses the elementwise passes;
    measured ~2.8x fewer CPU seconds per seed-step than eager at S=400, on this 2-core machine).

    Compiled once per process with every dimension symbolic, so one graph serves any number of
    seeds and the last partial batch (static shapes recompiled per shape: 15-40 s each here).
    Inductor's on-disk cache makes later processes start in ~10 s instead of ~35 s.
    """
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = torch.compile(forward_backward, dynamic=True)
    return _COMPILED


def _bn_relu_train(z, gamma, beta):
    """Training-mode BatchNorm over the batch (dim 1) then ReLU; returns what backward needs."""
    var, mu = torch.var_mean(z, dim=1, unbiased=False, keepdim=True)
    inv = torch.rsqrt(var + BN_EPS)
    xhat = torch.addcmul(-mu * inv, z, inv)
    h = torch.relu(torch.addcmul(beta[:, None, :], xhat, gamma[:, None, :]))
    return h, xhat, gamma[:, None, :] * inv, mu.squeeze(1), var.squeeze(1)


def _bn_backward(da, xhat, gamma_inv):
    """dL/dz of training-mode BatchNorm, and dL/dgamma, dL/dbeta, from dL/d(output)."""
    B = da.shape[1]
    dgamma = (da * xhat).sum(1)
    dbeta = da.sum(1)
    # dz = gamma*inv * (da - mean(da) - xhat * mean(da * xhat))
    centred = torch.addcmul(da, xhat, (dgamma / -B)[:, None, :])
    dz = torch.addcmul((dbeta / -B)[:, None, :] * gamma_inv, centred, gamma_inv)
    return dz, dgamma, dbeta


def _loss_and_grad(logit, y, cfg: TrainConfig):
    """Per-seed loss sums (S,) and dloss/dlogit per row (S, B), from logits (Eq. 1 and Eq. 2)."""
    log_p = torch.nn.functional.logsigmoid(logit)
    log_q = torch.nn.functional.logsigmoid(-logit)
    p = torch.sigmoid(logit)
    q = 1.0 - p
    if cfg.loss == "bce":
        w = cfg.pos_weight
        loss = -(w * y * log_p + (1 - y) * log_q)
        grad = (1 - y) * p - w * y * q
    else:
        a, gm = cfg.alpha, cfg.gamma
        q_g = torch.exp(gm * log_q)  # (1-p)^gamma
        p_g = torch.exp(gm * log_p)  # p^gamma
        loss = -(a * y * q_g * log_p + (1 - a) * (1 - y) * p_g * log_q)
        grad = a * y * (gm * p * q_g * log_p - q_g * q) + (1 - a) * (1 - y) * (
            p_g * p - gm * p_g * q * log_q
        )
    return loss.sum(1), grad


def train_batched(
    x_train,
    y_train,
    x_test,
    y_test,
    seeds,
    config: TrainConfig = TrainConfig(),
    hooks=None,
    device: str = "cpu",
    compile: bool | None = None,
    threads: int | None = 1,
) -> list:
    """Train every seed in ``seeds`` as one computation; one :class:`TrainResult` per seed."""
    trainer = BatchedTrainer(
        seeds,
        x_train,
        y_train,
        config,
        hooks=hooks,
        device=device,
        compile=compile,
        threads=threads,
    )
    trainer.run()
    scores = trainer.predict(x_test).cpu().numpy()
    losses = trainer.epoch_losses.numpy()
    y_test_np = torch.as_tensor(y_test).cpu().numpy()
    results = []
    for i, seed in enumerate(trainer.seeds):
        y_true = y_test_np if y_test_np.ndim == 1 else y_test_np[i]
        results.append(TrainResult(seed, y_true, scores[i], losses[:, i].tolist()))
    return results
