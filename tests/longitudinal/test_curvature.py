"""saddle_residual: exact on a quadratic with a known Hessian, indefinite at an MLP's init."""

import numpy as np
import pytest
import torch

from pytest_mlaudit.longitudinal.curvature import saddle_residual


class Point(torch.nn.Module):
    """The parameters themselves are the output, so loss_fn sees w."""

    def __init__(self, n):
        super().__init__()
        self.w = torch.nn.Parameter(
            torch.randn(n, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
        )

    def forward(self, _):
        return self.w


def quadratic(eigenvalues, seed=0):
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues), len(eigenvalues))))
    hessian = basis @ np.diag(eigenvalues) @ basis.T
    linear = rng.standard_normal(len(eigenvalues))
    h, b = torch.tensor(hessian), torch.tensor(linear)
    return hessian, linear, (lambda w, _: 0.5 * w @ h @ w + b @ w)


@pytest.mark.parametrize("k", [1, 4])
def test_residual_matches_the_exact_top_eigenvectors_of_a_known_indefinite_hessian(k):
    eigenvalues = np.r_[-3.0, np.linspace(0.5, 10.0, 19)]
    hessian, linear, loss = quadratic(eigenvalues)
    model = Point(20)
    result = saddle_residual(model, loss, (torch.zeros(1), None), k=k, tol=1e-10, iterations=500)
    w = model.w.detach().numpy()
    gradient = hessian @ w + linear
    values, vectors = np.linalg.eigh(hessian)
    top = vectors[:, np.argsort(-np.abs(values))[:k]]
    assert result.converged
    assert result.residual == pytest.approx(np.linalg.norm(top.T @ gradient), rel=1e-6)
    assert result.gradient_norm == pytest.approx(np.linalg.norm(gradient), rel=1e-12)
    assert result.singular_values[0] == pytest.approx(10.0, rel=1e-8)
    # the bounds bracket the truth: lambda_min <= upper bound < 0 < lower bound <= lambda_max
    assert -3.0 - 1e-9 <= result.lambda_min_upper < 0 < result.lambda_max_lower <= 10.0 + 1e-9
    assert result.lambda_min_upper == pytest.approx(-3.0, rel=1e-4)
    assert result.indefinite


def test_a_positive_definite_hessian_is_not_called_indefinite_and_k_is_capped():
    _, _, loss = quadratic(np.linspace(1.0, 4.0, 6))
    result = saddle_residual(Point(6), loss, (torch.zeros(1), None), k=64)
    assert result.k == 6 and result.n_parameters == 6
    assert not result.indefinite and result.lambda_min_upper >= 1.0 - 1e-6
    # k = n: U spans everything, so the residual is the whole gradient
    assert result.residual == pytest.approx(result.gradient_norm, rel=1e-9)


def test_a_small_mlp_at_initialisation_sits_in_indefinite_curvature():
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(10, 8), torch.nn.LayerNorm(8), torch.nn.Softshrink(), torch.nn.Linear(8, 3)
    )
    x, y = torch.randn(32, 10), torch.randint(0, 3, (32,))
    before = [p.detach().clone() for p in net.parameters()]
    result = saddle_residual(net, torch.nn.functional.cross_entropy, (x, y), k=8, iterations=25)
    assert result.indefinite and result.lambda_min_upper < 0 < result.lambda_max_lower
    assert 0 < result.residual <= result.gradient_norm * (1 + 1e-12)
    assert result.n_parameters == sum(p.numel() for p in net.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters()))  # model untouched


def test_bad_k_is_refused_by_name():
    _, _, loss = quadratic(np.ones(3))
    with pytest.raises(ValueError, match="k=0"):
        saddle_residual(Point(3), loss, (torch.zeros(1), None), k=0)
