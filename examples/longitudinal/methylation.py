"""A generated methylation-like data set in the shape of the seed paper's (Capper et al. GBM classes).

Each case is a vector of CpG beta values in [0, 1]. Most CpGs are bimodal (mostly methylated or
mostly unmethylated, as on an array); each class has its own block of differentially methylated
CpGs, and neighbouring classes share half of their block, so some pairs are hard to tell apart, as
the GBM subclasses are. Features are M-values, log2(β / (1 − β)), as the paper used. The "clinical"
set is drawn like the others but with a small per-CpG batch shift (another lab, another array run).

Classes are numbered 0..C-1; class 0 plays "GBM, RTK I", the class the mock clinical test reports.
"""

from __future__ import annotations

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class MethylationData:
    x_train: np.ndarray
    y_train: np.ndarray
    x_holdout: np.ndarray
    y_holdout: np.ndarray
    x_clinical: np.ndarray
    y_clinical: np.ndarray

    @property
    def n_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def n_classes(self) -> int:
        return int(self.y_train.max()) + 1


def _betas(rng: np.random.Generator, means: np.ndarray, concentration: float) -> np.ndarray:
    means = np.clip(means, 0.02, 0.98)
    return rng.beta(means * concentration, (1 - means) * concentration)


def generate(
    n_features: int = 2000,
    n_classes: int = 7,
    per_class_train: int = 24,
    per_class_holdout: int = 16,
    per_class_clinical: int = 40,
    block: int = 60,
    shift: float = 0.35,
    concentration: float = 6.0,
    clinical_batch_shift: float = 0.03,
    seed: int = 0,
) -> MethylationData:
    """Train, holdout and clinical sets; every argument is in the returned arrays' shape or noise."""
    if block * (n_classes + 1) // 2 + block > n_features:
        raise ValueError(f"n_features={n_features} is too small for {n_classes} blocks of {block}")
    rng = np.random.default_rng(seed)
    base = np.where(
        rng.random(n_features) < 0.55, rng.beta(8, 2, n_features), rng.beta(2, 8, n_features)
    )
    class_means = np.tile(base, (n_classes, 1))
    half = block // 2
    for c in range(n_classes):
        # class c's block overlaps class c+1's by half: neighbouring classes are similar.
        start = c * half
        cpgs = np.arange(start, start + block)
        direction = np.where(base[cpgs] > 0.5, -1.0, 1.0)
        class_means[c, cpgs] = base[cpgs] + direction * shift * rng.uniform(0.5, 1.0, block)
    batch_shift = rng.normal(0.0, clinical_batch_shift, n_features)

    def draw(
        per_class: int, extra_shift: np.ndarray | float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        labels = np.repeat(np.arange(n_classes), per_class)
        betas = _betas(rng, class_means[labels] + extra_shift, concentration)
        betas = np.clip(betas, 1e-3, 1 - 1e-3)
        order = rng.permutation(len(labels))
        return np.log2(betas / (1 - betas))[order], labels[order]

    # a generator draws features given the class by definition: not a leak
    # mlaudit: ignore[MLA001]
    x_train, y_train = draw(per_class_train)
    x_holdout, y_holdout = draw(per_class_holdout)
    x_clinical, y_clinical = draw(per_class_clinical, batch_shift)
    return MethylationData(x_train, y_train, x_holdout, y_holdout, x_clinical, y_clinical)
