"""Finding 1 (§3, Table 1): do BCE and Focal rank the same on synthetic data and on read pileups?

The paper: Focal beats BCE on a synthetic Gaussian mixture (F1 0.994 vs 0.975) and collapses on
real GIAB chr21 (0.000 vs 0.314): an inversion. Here: 50 seeds x {BCE, Focal} x {synthetic,
real}, for both candidate schemes. "Real" is the 12 pileup features of the generated germline
reads (or the GIAB files of ``MLAUDIT_GIAB_DIR``); "synthetic" is the paper's generator
calibrated to them (:func:`jobs.synthetic_arrays`): for the paper's scheme its §2.6 mixture at
the real set's size and 25 % prevalence, for the caller's scheme ``GaussianMixtureTwin`` fitted
to the caller's candidates (their size, prevalence and every feature's mean and variance), both
at Bayes-optimal AUROC 0.99.

``@synthetic_real_consistency`` fails on an inversion; a ranking one domain shows and the other
does not ("not confirmed") is reported as a warning, because that is what this reproduction
finds on the paper's candidates, and a warning keeps it visible. On the caller's candidates,
with their hard negatives, the ranking inverts: BCE beats Focal on the calibrated twin and
Focal beats BCE on the real candidates, each significantly (Wilcoxon by seed). The sweep fails
there, as it should, and is ``xfail(strict=True)`` (:data:`INVERTS`): if the inversion ever
goes away, the test says so.
"""

from __future__ import annotations

import pytest

from pytest_mlaudit import seed_sweep, synthetic_real_consistency

SEEDS = range(50)
LOSSES = ("bce", "focal")
DOMAINS = ("synthetic", "real")
SCHEMES = ("caller", "paper")
# Measured (50 seeds): caller - synthetic BCE 0.956 > Focal 0.946, real Focal 0.967 > BCE 0.940;
# paper - synthetic tie (p = 0.08), real BCE 0.998 > Focal 0.994: "not confirmed", a warning.
INVERTS = {"caller": True, "paper": False}


def _job(scheme: str, domain: str, loss: str):
    from examples.variant_calling import jobs
    from examples.variant_calling.engines import TrainConfig

    spec = jobs.DataSpec.for_sample("germline", scheme)
    function = jobs.train if domain == "real" else jobs.train_synthetic
    return function, spec, TrainConfig(loss=loss)


def planned_jobs(name: str, params: dict) -> list:
    schemes = [params["scheme"]] if "scheme" in params else list(SCHEMES)
    return [
        (("f1", scheme, domain, loss), SEEDS, *_split(_job(scheme, domain, loss)), 2)
        for scheme in schemes
        for domain in DOMAINS
        for loss in LOSSES
    ]


def _split(job):
    function, *args = job
    return function, tuple(args)


@pytest.mark.parametrize(
    "scheme",
    [
        pytest.param(
            s,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    raises=AssertionError,
                    reason="the loss ranking inverts between the calibrated twin and the caller's "
                    "candidates (the paper's Finding 1, in the other direction)",
                )
            ]
            if INVERTS[s]
            else [],
        )
        for s in SCHEMES
    ],
)
@seed_sweep(seeds=SEEDS)
@synthetic_real_consistency(LOSSES, metric="f1", unconfirmed="warn")
def test_loss_ranking_synthetic_vs_real(seed, loss, domain, scheme, batched_runs):
    function, *args = _job(scheme, domain, loss)
    return batched_runs.run(("f1", scheme, domain, loss), seed, SEEDS, function, *args)
