"""Finding 4 (§6, Tables 3-4): does precision change collapse counts or F1 on real-read features?

50 seeds x {FP32, BF16, FP16}, BCE (pos_weight 3), Adam 1e-3, batch 32, 30 epochs, on the 12
pileup features (leak kept, as in the paper) of the generated germline reads (or real GIAB files,
``MLAUDIT_GIAB_DIR``), trained by the batched engine, for both candidate schemes: ``caller``
(every site with alt evidence, DeepVariant's thresholds; the default) and ``paper`` (§2.6: 2,000
truth SNVs + 6,000 random confident positions).

What "BF16" and "FP16" mean here: float32 training whose gradients (after every backward) and
weights (after every Adam step) are rounded to nearest-even in bfloat16 / float16
(``bf16-rtn``, ``fp16-rtn``; see ``rounding_hooks.py``). This is the rounding of low-precision
storage, not torch autocast: the batched engine has no modules for autocast to wrap, activations
and Adam's moments stay float32, and there is no GradScaler. The paper ran autocast +
GradScaler; with a GPU, the reference engine under ``pytest_mlaudit.precision.Precision`` is the
faithful version.

Two sweeps over the same trainings, and one plain test that asserts what they find:

* ``test_precision_changes_nothing`` - ``@cross_precision``: collapse counts (pairwise Fisher),
  F1 (ANOVA, Levene, paired t by seed) and TOST within +-0.01 of the paired F1, and the trivial
  baseline (``fail``). On both schemes no run collapses and F1 is equivalent within +-0.01, but
  the seeds' F1 is so tight that ANOVA and the paired t detect a tiny shift between fp32 and
  bf16-rtn, where the paper found none; the sweep is ``xfail(strict=True)`` wherever that holds
  (:data:`SHIFT_DETECTED`), so if it ever passes, the finding changed and the test says so.
* ``test_paper_initial_counts_do_not_reproduce`` - ``@seed_sweep(reference=...)`` against the
  paper's initial counts 12/50, 9/50, 0/50. The paper's own reproduction found 0/50 everywhere,
  so the reference check is expected to FAIL for fp32 and bf16: ``xfail(strict=True)``.
* ``test_findings`` asserts the numbers behind both, and reports the stratified F1 (SNV/indel,
  het/hom-alt, difficult regions) per precision; with ``--mlaudit-report`` it writes each seed's
  calls as a bgzipped, indexed VCF that hap.py or vcfeval can score.
"""

from __future__ import annotations

import pytest

from pytest_mlaudit import cross_precision, seed_sweep

SEEDS = range(50)
PRECISIONS = ("fp32", "bf16-rtn", "fp16-rtn")
PAPER_INITIAL = {"fp32": (12, 50), "bf16-rtn": (9, 50), "fp16-rtn": (0, 50)}  # Table 3, "initial"
ALPHA = 0.05
HOOK_SEED = 4
SCHEMES = ("caller", "paper")
# Where ANOVA / the paired t detect the (tiny) precision shift in F1: the sweep then fails.
SHIFT_DETECTED = {"caller": True, "paper": True}


def _job(scheme: str, precision: str):
    from examples.variant_calling import jobs
    from examples.variant_calling.engines import TrainConfig

    spec = jobs.DataSpec.for_sample("germline", scheme)
    return jobs.train, spec, TrainConfig(loss="bce"), (precision, HOOK_SEED)


def planned_jobs(name: str, params: dict) -> list:
    """The batched trainings a selected test here needs: (condition, seeds, function, args, cost)."""
    schemes = [params["scheme"]] if "scheme" in params else list(SCHEMES)
    plans = []
    for scheme in schemes:
        for precision in PRECISIONS:
            function, *args = _job(scheme, precision)
            cost = 3 if precision == "fp32" else 5
            plans.append((("f4", scheme, precision), SEEDS, function, tuple(args), cost))
    return plans


def _run(seed, precision, scheme, batched_runs):
    function, *args = _job(scheme, precision)
    return batched_runs.run(("f4", scheme, precision), seed, SEEDS, function, *args)


def _seeds(config) -> list:
    """The seeds the sweeps run: ``SEEDS``, or what ``--mlaudit-seeds N`` makes of them."""
    override = config.getoption("mlaudit_seeds", default=None)
    if override is None:
        return list(SEEDS)
    return list(SEEDS)[:override] if override <= len(SEEDS) else list(range(override))


def _xfail_if(expected: bool, reason: str):
    return (
        [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if expected else []
    )


_SHIFT = (
    "F1 differs by a few 1e-4 between precisions: detectable (ANOVA, paired t) at this F1's small "
    "sd, yet equivalent within +-0.01 (TOST); see test_findings"
)


@pytest.mark.parametrize(
    "scheme", [pytest.param(s, marks=_xfail_if(SHIFT_DETECTED[s], _SHIFT)) for s in SCHEMES]
)
@cross_precision(*PRECISIONS, max_f1_gap=0.01, alpha=ALPHA)
@seed_sweep(seeds=SEEDS, trivial_baseline="fail")
def test_precision_changes_nothing(seed, precision, scheme, batched_runs):
    return _run(seed, precision, scheme, batched_runs)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="expected non-reproduction: the paper's initial 12/50 (fp32) and 9/50 (bf16) "
    "collapses are inconsistent with 0/50 (Fisher), as the paper's own §6 found",
)
@cross_precision(*PRECISIONS, alpha=ALPHA)
@seed_sweep(seeds=SEEDS, reference=PAPER_INITIAL, trivial_baseline="off")
def test_paper_initial_counts_do_not_reproduce(seed, precision, scheme, batched_runs):
    return _run(seed, precision, scheme, batched_runs)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.mlaudit  # reads the sweeps' trainings: runs only with --mlaudit
def test_findings(scheme, load_data, batched_runs, request):
    """Tables 3-4 from the same trainings, asserted: the paper's initial counts do not reproduce
    for fp32 and bf16 (Fisher p < alpha), fp16's 0/50 does; no run collapses; every pair of
    precisions is equivalent within +-0.01 F1 (TOST); F1 is above the all-positive baseline;
    and whether the F1 means differ detectably (ANOVA p < alpha / 4, the share
    ``@cross_precision`` gives it) is what :data:`SHIFT_DETECTED` says."""
    import itertools

    from examples.variant_calling import strata
    from pytest_mlaudit.core import stats
    from pytest_mlaudit.core.metrics import collapsed, f1_score

    data = load_data("germline", scheme)
    seeds = _seeds(request.config)
    runs = {p: [_run(s, p, scheme, batched_runs) for s in seeds] for p in PRECISIONS}
    tables = {p: strata.stratified_f1(rs, data.test_sites.strata) for p, rs in runs.items()}
    request.node.user_properties.append(
        (f"strata:f4:{scheme}", {p: [r.to_json() for r in rows] for p, rows in tables.items()})
    )
    positives = int(data.y_train.sum() + data.y_test.sum())
    request.node.user_properties.append(
        (
            f"candidates:{scheme}",
            {
                "n_candidates": data.n_candidates,
                "n_kept": data.n_kept,
                "positives": positives,
                "prevalence": data.prevalence,
                "missed": data.missed if scheme == "caller" else None,
                "source": data.description,
            },
        )
    )
    print(f"\nstratified F1, germline F4 sweep, {scheme} candidates")
    for precision, rows in tables.items():
        print(f"{precision}\n{strata.format_table(rows)}")
    _write_vcfs(request, scheme, data, runs, seeds)

    f1 = {p: [f1_score(r.y_true, r.y_score) for r in rs] for p, rs in runs.items()}
    collapses = {p: sum(collapsed(r) for r in rs) for p, rs in runs.items()}
    reference_p = {
        p: stats.fisher_exact_collapses(collapses[p], len(seeds), *PAPER_INITIAL[p]).p_value
        for p in PRECISIONS
    }
    table = {"collapses": collapses, "fisher_vs_paper": reference_p}
    assert reference_p["fp32"] < ALPHA and reference_p["bf16-rtn"] < ALPHA, table
    assert reference_p["fp16-rtn"] >= ALPHA, table
    assert all(c == 0 for c in collapses.values()), table
    baseline = stats.trivial_baseline_f1(float(data.y_test.mean()))
    assert all(min(v) > baseline for v in f1.values()), (
        baseline,
        {p: min(v) for p, v in f1.items()},
    )
    for a, b in itertools.combinations(PRECISIONS, 2):
        tost = stats.tost_equivalence(f1[a], f1[b], delta=0.01, paired=True)
        assert tost.p_value < ALPHA, (a, b, tost)
    anova = stats.anova_oneway([f1[p] for p in PRECISIONS])
    assert (anova.p_value < ALPHA / 4) == SHIFT_DETECTED[scheme], anova
    strata_all = {p: rows[0] for p, rows in tables.items()}
    assert all(row.n == len(data.y_test) for row in strata_all.values())


def _write_vcfs(request, scheme: str, data, runs: dict, seeds: list) -> None:
    """With ``--mlaudit-report``, each seed's calls as ``<report>-vcf/f4-<scheme>/<precision>-seed<N>.vcf.gz``."""
    path = request.config.getoption("mlaudit_report", default=None)
    if not path:
        return
    from pathlib import Path

    from examples.variant_calling import calls_vcf

    folder = Path(path).parent / f"{Path(path).stem}-vcf" / f"f4-{scheme}"
    for precision, seed_runs in runs.items():
        for seed, run in zip(seeds, seed_runs):
            calls_vcf.write_calls(
                folder / f"{precision}-seed{seed}.vcf.gz",
                data.test_sites,
                run.y_score,
                sample="HG001" if "GIAB" in data.description else "GERMLINE",
                source=f"mlaudit F4 {scheme} candidates, {precision}, seed {seed}",
            )
    calls_vcf.write_sites_bed(folder / "test-sites.bed", data.test_sites)
