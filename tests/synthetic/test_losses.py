"""The losses against their textbook formulas, and their stability far from zero."""

import math

import pytest

torch = pytest.importorskip("torch")

from pytest_mlaudit.synthetic.losses import FocalLoss, WeightedBCELoss, make_loss  # noqa: E402


def bce_formula(z: float, y: int, w: float) -> float:
    p = 1.0 / (1.0 + math.exp(-z))
    return -w * y * math.log(p) - (1 - y) * math.log(1 - p)


def focal_formula(z: float, y: int, alpha: float, gamma: float) -> float:
    p = 1.0 / (1.0 + math.exp(-z))
    return -alpha * y * (1 - p) ** gamma * math.log(p) - (1 - alpha) * (
        1 - y
    ) * p**gamma * math.log(1 - p)


MODERATE = [-6.0, -2.5, -0.3, 0.0, 0.7, 3.0, 6.0]


@pytest.mark.parametrize("w", [1.0, 3.0, 0.5])
def test_weighted_bce_matches_eq1(w):
    logits = torch.tensor(MODERATE * 2, dtype=torch.float64)
    targets = torch.tensor([0] * len(MODERATE) + [1] * len(MODERATE))
    got = WeightedBCELoss(pos_weight=w, reduction="none")(logits, targets)
    want = [bce_formula(z, int(t), w) for z, t in zip(logits.tolist(), targets.tolist())]
    assert got.tolist() == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (0.5, 0.0), (0.9, 0.5), (0.25, 5.0)])
def test_focal_matches_eq2(alpha, gamma):
    logits = torch.tensor(MODERATE * 2, dtype=torch.float64)
    targets = torch.tensor([0] * len(MODERATE) + [1] * len(MODERATE))
    got = FocalLoss(alpha=alpha, gamma=gamma, reduction="none")(logits, targets)
    want = [
        focal_formula(z, int(t), alpha, gamma) for z, t in zip(logits.tolist(), targets.tolist())
    ]
    assert got.tolist() == pytest.approx(want, rel=1e-10, abs=1e-300)


def test_focal_with_gamma_zero_is_alpha_weighted_bce():
    logits = torch.linspace(-8, 8, 33, dtype=torch.float64)
    targets = (torch.arange(33) % 2).double()
    focal = FocalLoss(alpha=0.5, gamma=0.0, reduction="sum")(logits, targets)
    bce = WeightedBCELoss(pos_weight=1.0, reduction="sum")(logits, targets)
    assert float(focal) == pytest.approx(0.5 * float(bce), rel=1e-12)


@pytest.mark.parametrize("loss", [WeightedBCELoss(), FocalLoss(), FocalLoss(gamma=0.5)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_finite_values_and_gradients_at_extreme_logits(loss, dtype):
    logits = torch.tensor(
        [-100.0, 100.0, -100.0, 100.0, -1e4, 1e4], dtype=dtype, requires_grad=True
    )
    targets = torch.tensor([0, 0, 1, 1, 1, 0])
    value = loss(logits, targets)
    value.backward()
    assert torch.isfinite(value)
    assert torch.isfinite(logits.grad).all()
    # Confidently wrong predictions must cost a lot and push the logit the right way.
    per_example = type(loss)(**_options(loss), reduction="none")(logits.detach(), targets)
    assert per_example[2] > 1.0 and per_example[1] > 1.0
    assert logits.grad[2] < 0 and logits.grad[1] > 0


def _options(loss):
    if isinstance(loss, FocalLoss):
        return {"alpha": loss.alpha, "gamma": loss.gamma}
    return {"pos_weight": float(loss.pos_weight)}


def test_confident_wrong_focal_loss_is_linear_in_the_logit():
    # For y = 1 and z -> -inf, (1 - p)^gamma -> 1 and -log p -> -z: loss ~ alpha * |z|.
    loss = FocalLoss(alpha=0.25, gamma=2.0, reduction="none")(
        torch.tensor([-100.0]), torch.tensor([1])
    )
    assert float(loss) == pytest.approx(25.0, rel=1e-6)


def test_make_loss_by_name_and_bad_names():
    assert isinstance(make_loss("bce", pos_weight=2.0), WeightedBCELoss)
    assert isinstance(make_loss("focal"), FocalLoss)
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        make_loss("hinge")
    with pytest.raises(ValueError, match="alpha must be in"):
        FocalLoss(alpha=1.5)
    with pytest.raises(ValueError, match="reduction must be one of"):
        WeightedBCELoss(reduction="avg")
