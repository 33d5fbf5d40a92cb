"""Finding 4 (§6, Tables 3-4): does precision change collapse counts or F1 on real-read features?

50 seeds x {FP32, BF16, FP16}, BCE (pos_weight 3), Adam 1e-3, batch 32, 30 epochs, on the 12
pileup features (leak kept, as in the paper) of the generated germline reads, trained by the
batched engine.

What "BF16" and "FP16" mean here: float32 training whose gradients (after every backward) and
weights (after every Adam step) are rounded to nearest-even in bfloat16 / float16
(``bf16-rtn``, ``fp16-rtn``; see ``rounding_hooks.py``). This is the rounding of low-precision
storage, not torch autocast: the batched engine has no modules for autocast to wrap, activations
and Adam's moments stay float32, and there is no GradScaler (none is needed: no gradient underflows
a float32 master copy). The paper ran autocast + GradScaler; with a GPU, the reference engine under
``pytest_mlaudit.precision.Precision("bf16"/"fp16")`` is the faithful version.

Two sweeps over the same trainings (``batched_runs`` trains each precision once), and one plain
test that asserts what they find:

* ``test_precision_changes_nothing`` - ``@cross_precision``: collapse counts (pairwise Fisher),
  F1 (ANOVA, Levene, paired t by seed) and TOST within +-0.01 of the paired F1, and the trivial
  baseline (``fail``). What we find: no collapse anywhere and F1 equivalent within +-0.01
  (TOST), but the F1 near 0.998 is so tight (sd 0.0005) that ANOVA and the paired t detect a
  shift of ~0.0006 between fp32 and bf16-rtn, where the paper found none (ANOVA p = 0.71). So the
  "changes nothing" sweep fails its difference tests: it is ``xfail(strict=True)`` (if it ever
  passes, the finding changed and the test says so).
* ``test_paper_initial_counts_do_not_reproduce`` - ``@seed_sweep(reference=...)`` against the
  paper's initial counts 12/50, 9/50, 0/50. The paper's own reproduction found 0/50 everywhere
  (Fisher p = 2.3e-4 and 2.6e-3), so the expected outcome is that the reference check FAILS for
  fp32 and bf16: ``xfail(strict=True)``.
* ``test_findings`` asserts the numbers behind both: Fisher p-values against the paper, no
  collapse, pairwise TOST equivalence, F1 above the all-positive baseline, and the ANOVA verdict.
"""

from __future__ import annotations

import pytest

from pytest_mlaudit import cross_precision, seed_sweep

SEEDS = range(50)
PRECISIONS = ("fp32", "bf16-rtn", "fp16-rtn")
PAPER_INITIAL = {"fp32": (12, 50), "bf16-rtn": (9, 50), "fp16-rtn": (0, 50)}  # Table 3, "initial"
ALPHA = 0.05


def _run(seed, precision, data, batched_runs):
    from examples.variant_calling.engines import TrainConfig
    from examples.variant_calling.rounding_hooks import hooks_for

    arrays = (data.x_train, data.y_train, data.x_test, data.y_test)
    return batched_runs.run(
        ("f4", precision),
        seed,
        SEEDS,
        lambda s: arrays,
        TrainConfig(loss="bce"),
        hooks=hooks_for(precision, seed=4),
    )


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="F1 differs by ~0.0006 between precisions: detectable (ANOVA, paired t) at F1 ~0.998 "
    "with sd ~0.0005, yet equivalent within +-0.01 (TOST); see test_findings",
)
@cross_precision(*PRECISIONS, max_f1_gap=0.01, alpha=ALPHA)
@seed_sweep(seeds=SEEDS, trivial_baseline="fail")
def test_precision_changes_nothing(seed, precision, germline_data, batched_runs):
    return _run(seed, precision, germline_data, batched_runs)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="expected non-reproduction: the paper's initial 12/50 (fp32) and 9/50 (bf16) "
    "collapses are inconsistent with 0/50 (Fisher), as the paper's own §6 found",
)
@cross_precision(*PRECISIONS, alpha=ALPHA)
@seed_sweep(seeds=SEEDS, reference=PAPER_INITIAL, trivial_baseline="off")
def test_paper_initial_counts_do_not_reproduce(seed, precision, germline_data, batched_runs):
    return _run(seed, precision, germline_data, batched_runs)


@pytest.mark.mlaudit  # reads the sweeps' trainings: runs only with --mlaudit
def test_findings(germline_data, batched_runs):
    """Tables 3-4 from the same trainings, asserted: the paper's initial counts do not reproduce
    for fp32 and bf16 (Fisher p < alpha), fp16's 0/50 does; no run collapses; every pair of
    precisions is equivalent within +-0.01 F1 (TOST); F1 is above the all-positive baseline;
    and, unlike the paper, the F1 means differ detectably (ANOVA p < alpha / 4, the share
    ``@cross_precision`` gives it)."""
    import itertools

    from pytest_mlaudit.core import stats
    from pytest_mlaudit.core.metrics import collapsed, f1_score

    runs = {p: [_run(s, p, germline_data, batched_runs) for s in SEEDS] for p in PRECISIONS}
    f1 = {p: [f1_score(r.y_true, r.y_score) for r in rs] for p, rs in runs.items()}
    collapses = {p: sum(collapsed(r) for r in rs) for p, rs in runs.items()}
    reference_p = {
        p: stats.fisher_exact_collapses(collapses[p], len(SEEDS), *PAPER_INITIAL[p]).p_value
        for p in PRECISIONS
    }
    table = {"collapses": collapses, "fisher_vs_paper": reference_p}
    assert reference_p["fp32"] < ALPHA and reference_p["bf16-rtn"] < ALPHA, table
    assert reference_p["fp16-rtn"] >= ALPHA, table
    assert all(c == 0 for c in collapses.values()), table
    prevalence = float(germline_data.y_test.mean())
    baseline = stats.trivial_baseline_f1(prevalence)
    assert all(min(v) > baseline for v in f1.values()), (
        baseline,
        {p: min(v) for p, v in f1.items()},
    )
    for a, b in itertools.combinations(PRECISIONS, 2):
        tost = stats.tost_equivalence(f1[a], f1[b], delta=0.01, paired=True)
        assert tost.p_value < ALPHA, (a, b, tost)
    anova = stats.anova_oneway([f1[p] for p in PRECISIONS])
    assert anova.p_value < ALPHA / 4, anova
