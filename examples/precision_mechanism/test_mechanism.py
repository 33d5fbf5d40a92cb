"""§4 of the audited paper as a test: does rounding noise change the collapse pattern?

The hypothesis under test: low-precision rounding acts as gradient noise that lets training escape
the all-negative attractor, so lower precision collapses less. The mechanism is varied on its own:
the same float32 training, with weights and gradients rounded after every step to fp16 (nearest or
stochastic) or bf16 (stochastic), in 8 cells of (separation, spread) of a synthetic Gaussian mixture
chosen so that focal-loss training collapses in some cells and not in others. If rounding noise
mattered, collapse counts (Fisher) or F1 (ANOVA, Levene, paired t by seed) would differ by mode.

Scale: by default a small version that runs in a minute or two (800 examples, 8 epochs, 3 seeds);
MLAUDIT_MECHANISM_SCALE=full gives the paper's (8,000 examples, 30 epochs) and
`--mlaudit-seeds 100` its 100 seeds:

    pytest --mlaudit examples/precision_mechanism
    MLAUDIT_MECHANISM_SCALE=full pytest --mlaudit --mlaudit-seeds 100 examples/precision_mechanism

`test_rounding_noise_is_small_against_minibatch_noise` measures Proposition 4.1's two noise
levels instead of assuming them.
"""

import os

import pytest

from examples.variant_calling.mechanism import (
    MECHANISM_CELLS,
    MECHANISM_MODES,
    cell_id,
    gaussian_mixture,
    split,
    train_classifier,
)
from pytest_mlaudit import cross_precision, seed_sweep

SCALES = {
    "small": {"examples": 800, "epochs": 8, "seeds": 3},
    "full": {"examples": 8000, "epochs": 30, "seeds": 100},
}
SCALE_NAME = os.environ.get("MLAUDIT_MECHANISM_SCALE", "small")
if SCALE_NAME not in SCALES:
    raise pytest.UsageError(
        f"MLAUDIT_MECHANISM_SCALE must be one of {sorted(SCALES)}, got {SCALE_NAME!r}"
    )
SCALE = SCALES[SCALE_NAME]


@pytest.fixture(params=MECHANISM_CELLS, ids=[cell_id(c) for c in MECHANISM_CELLS])
def mixture(request):
    separation, sd = request.param
    X, y = gaussian_mixture(SCALE["examples"], separation, sd, seed=0)
    return split(X, y, seed=0)


# alpha is shared by the 8 cells (Bonferroni), so that the whole example raises a false alarm with
# probability at most 5 %. The cells are hard on purpose (many runs collapse), so their F1 is below
# the all-positive baseline by design: that seed_sweep check is off here.
@cross_precision(*MECHANISM_MODES, alpha=0.05 / len(MECHANISM_CELLS))
@seed_sweep(n=SCALE["seeds"], trivial_baseline="off")
def test_rounding_noise_does_not_change_collapse(mixture, seed, precision):
    import torch

    torch.set_num_threads(1)
    return train_classifier(mixture, precision, seed=seed, loss="focal", epochs=SCALE["epochs"])


@pytest.mark.parametrize("fmt, bound", [("fp16", 2.0**-11), ("bf16", 2.0**-8)])
def test_rounding_noise_is_small_against_minibatch_noise(fmt, bound):
    import torch

    from examples.variant_calling.model import VariantCNN
    from pytest_mlaudit.precision.noise_ratio import rounding_noise_ratio
    from pytest_mlaudit.synthetic.losses import make_loss

    torch.set_num_threads(1)
    X, y = gaussian_mixture(2000, 2.0, 1.0, seed=0)
    torch.manual_seed(0)
    measured = rounding_noise_ratio(
        VariantCNN(),
        make_loss("bce"),
        X,
        y,
        fmt=fmt,
        mode="sr",
        batch_size=32,
        steps=120,
        measure_every=20,
    )
    print(measured.summary())
    # SR's relative error per element is below the spacing, 2^-p of the value: its relative size
    # in the gradient stays below that bound, and far below the minibatch noise.
    assert measured.rounding_median < bound
    assert measured.ratio < 0.01
