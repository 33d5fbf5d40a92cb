"""A small tabular stand-in of the paper's candidate set, in a mosaic and a germline version.

Each record is one candidate site: read depth, alt-allele count, base and mapping quality, the
label ``is_var`` and ``vaf_truth`` (the truth-set VAF, 0 for a non-variant). In the *germline*
sample every positive is heterozygous (0.5) or homozygous (1.0), as in GIAB HG001; in the
*mosaic* sample 30 % of positives have a truth VAF in [0.01, 0.045), where the alt-read fraction
looks like sequencing error. A quarter of the negatives are hard (error-prone sequence).

``leaky_features`` is the paper's pipeline in miniature, with Eq. 7's ``low_vaf`` column.
``train_and_evaluate`` fits a numpy logistic regression (fast, deterministic) on a seeded 70/30
stratified split and returns F1 and the positive rate on the held-out 30 %.
"""

import numpy as np

from pytest_mlaudit.core.metrics import f1_score, positive_rate
from pytest_mlaudit.synthetic.reference_model import fit_logistic, stratified_folds

FEATURES = ("depth", "alt_freq", "mean_bq", "mean_mq", "low_vaf", "constant")


def make_candidates(kind: str, n: int = 2000, prevalence: float = 0.25, seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    is_var = np.zeros(n, dtype=int)
    is_var[: int(prevalence * n)] = 1
    rng.shuffle(is_var)
    vaf = np.where(rng.uniform(size=n) < 0.7, 0.5, 1.0)
    if kind == "mosaic":
        low = rng.uniform(size=n) < 0.3
        vaf = np.where(low, rng.uniform(0.01, 0.045, size=n), vaf)
    elif kind != "germline":
        raise ValueError(kind)
    vaf = np.where(is_var == 1, vaf, 0.0)
    depth = rng.poisson(12, size=n) + 3
    # 1 % sequencing error, but a quarter of the negatives sit in error-prone sequence (the
    # paper's hard negatives), where up to 40 % of reads show the alternative allele.
    error = np.where(
        (is_var == 0) & (rng.uniform(size=n) < 0.25), rng.uniform(0.05, 0.4, size=n), 0.01
    )
    alt = rng.binomial(depth, np.clip(vaf + error, 0, 1))
    return [
        {
            "depth": int(depth[i]),
            "alt_count": int(alt[i]),
            "mean_bq": float(rng.normal(30, 3)),
            "mean_mq": float(rng.normal(55, 5)),
            "is_var": int(is_var[i]),
            "vaf_truth": float(vaf[i]),
        }
        for i in range(n)
    ]


def leaky_features(records) -> dict:
    return {
        "depth": [float(r["depth"]) for r in records],
        "alt_freq": [r["alt_count"] / r["depth"] for r in records],
        "mean_bq": [r["mean_bq"] for r in records],
        "mean_mq": [r["mean_mq"] for r in records],
        # Eq. 7: computed from the label. Reads is_var first, so it is read on every record.
        "low_vaf": [float(r["is_var"] and r["vaf_truth"] < 0.05) for r in records],
        "constant": [0.5 for _ in records],
    }


def clean_features(records) -> dict:
    # Not leaky_features minus low_vaf: that would still read is_var, and the probe would say so.
    return {
        "depth": [float(r["depth"]) for r in records],
        "alt_freq": [r["alt_count"] / r["depth"] for r in records],
        "low_alt_freq": [float(r["alt_count"] / r["depth"] < 0.05) for r in records],
    }


def matrix(records) -> tuple:
    features = leaky_features(records)
    X = np.column_stack([features[name] for name in FEATURES])
    y = np.array([r["is_var"] for r in records])
    return X, y


def train_and_evaluate(X, y, seed):
    held_out = stratified_folds(y, 10, seed) < 3  # 30 % test, stratified, seeded
    model = fit_logistic(X[~held_out], y[~held_out], l2=1e-3)
    probability = 1.0 / (1.0 + np.exp(-model.logits(X[held_out])))
    return {"f1": f1_score(y[held_out], probability), "positive_rate": positive_rate(probability)}
