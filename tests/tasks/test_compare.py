"""`@compare`: the statistics against scipy, and the decorator through pytest (pytester): paired and
unpaired, t and rank tests, Holm across pairs, TOST with an equivalence margin, any metric in its
direction, stacking, configuration errors, and a significant difference below one example."""

import numpy as np
import pytest
from scipy import stats as scipy_stats

from pytest_mlaudit import options
from pytest_mlaudit.core import comparison


# -- core.comparison against scipy -----------------------------------------------------------------
def _values(seed=0, shift=0.02, n=12):
    rng = np.random.default_rng(seed)
    base = rng.normal(0.7, 0.03, n)
    a = base + rng.normal(0, 0.01, n)
    b = base + shift + rng.normal(0, 0.01, n)
    c = base + rng.normal(0, 0.01, n)
    return {"a": dict(enumerate(a)), "b": dict(enumerate(b)), "c": dict(enumerate(c))}


def test_paired_t_wilcoxon_welch_and_mann_whitney_match_scipy():
    values = _values()
    a, b = list(values["a"].values()), list(values["b"].values())
    paired = comparison.compare_all(values, paired=True)[0]
    expected = scipy_stats.ttest_rel(b, a)
    assert paired.first == "a" and paired.second == "b" and paired.pairs == 12
    assert paired.statistic == pytest.approx(expected.statistic)
    assert paired.p_value == pytest.approx(expected.pvalue)
    assert paired.difference == pytest.approx(np.mean(np.subtract(b, a)))
    rank = comparison.compare_all(values, paired=True, test="rank")[0]
    assert rank.p_value == pytest.approx(
        scipy_stats.wilcoxon(np.subtract(b, a), zero_method="zsplit").pvalue
    )
    welch = comparison.compare_all(values, paired=False)[0]
    assert welch.p_value == pytest.approx(scipy_stats.ttest_ind(b, a, equal_var=False).pvalue)
    mann = comparison.compare_all(values, paired=False, test="rank")[0]
    assert mann.p_value == pytest.approx(scipy_stats.mannwhitneyu(b, a).pvalue)


def test_holm_across_the_pairs_and_tost_on_each():
    values = _values(shift=0.0)
    pairs = comparison.compare_all(values, paired=True, equivalence=0.05)
    assert [(p.first, p.second) for p in pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    raw = sorted(p.p_value for p in pairs)
    adjusted = sorted(p.p_holm for p in pairs)
    assert adjusted[0] == pytest.approx(min(1.0, 3 * raw[0]))
    for pair in pairs:
        assert pair.tost_p is not None and pair.tost_p < 0.05  # a 0.05 margin is wide here


def test_constant_differences_and_too_few_seeds():
    flat = comparison.compare_all({"a": {0: 0.5, 1: 0.5}, "b": {0: 0.6, 1: 0.6}}, paired=True)[0]
    assert flat.p_value == 0.0 and flat.statistic == float("inf")
    same = comparison.compare_all({"a": {0: 0.5, 1: 0.5}, "b": {0: 0.5, 1: 0.5}}, paired=True)[0]
    assert same.p_value == 1.0
    few = comparison.compare_all({"a": {0: 0.5}, "b": {0: 0.6, 1: 0.7}}, paired=True)[0]
    assert few.p_value is None and "1 seed(s) in both" in few.why_untested


def test_each_pair_carries_the_t_interval_of_its_difference():
    values = _values()
    a, b = list(values["a"].values()), list(values["b"].values())
    paired = comparison.compare_all(values, paired=True, test="rank", level=0.9)[0]
    expected = scipy_stats.ttest_rel(b, a).confidence_interval(0.9)
    assert paired.ci == pytest.approx((expected.low, expected.high))
    assert paired.to_row()["ci"] == pytest.approx([expected.low, expected.high])
    welch = comparison.compare_all(values, paired=False)[0]
    expected = scipy_stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert welch.ci == pytest.approx((expected.low, expected.high))
    few = comparison.compare_all({"a": {0: 0.5}, "b": {0: 0.6, 1: 0.7}}, paired=True)[0]
    assert few.ci is None


def test_below_resolution_reads_the_interval_not_the_estimate():
    from pytest_mlaudit.core.resolution import Resolution, below

    found = Resolution("f1", step=0.01, distinct_values=5, runs=50, n_test=1000)
    assert below((-0.008, -0.002), found)
    # the estimate (0.005) is under one step, but the interval reaches past it: not shown small
    assert not below((0.0004, 0.0105), found)
    assert not below((-0.004, 0.004), Resolution("rmse", None, 50, 50, 1000))
    assert not below(None, found)
    assert not below((float("nan"), float("nan")), found)


# -- the decorator ---------------------------------------------------------------------------------
# Two "models" scored on the same 400 examples: the seed moves both alike (paired), `better`
# moves one model's scores up.
MODELS = """
import numpy as np
from pytest_mlaudit import Run

Y = (np.random.default_rng(11).random(400) < 0.35).astype(int)


def scores(model, better=0.0):
    # the plugin seeds numpy's global RNG from the seed: `base` is the same for every model under
    # one seed (the pairing), `own` differs between models
    base = np.random.randint(1 << 30)
    shared = np.random.default_rng(base)
    own = np.random.default_rng([base, sum(map(ord, str(model)))])
    signal = 0.25 + better + shared.normal(0, 0.05)
    noise = shared.normal(0, 0.2, Y.size) + own.normal(0, 0.03, Y.size)
    return np.clip(0.3 + signal * Y + noise, 0, 1)
"""


@pytest.fixture
def models(pytester):
    pytester.makepyfile(models=MODELS)
    pytester.syspathinsert()
    return pytester


def test_compare_fails_on_a_real_difference_and_names_the_better_condition(models, report_of):
    models.makepyfile(
        test_a="""
import models
from pytest_mlaudit import Run, compare, seed_sweep

@compare("model", ["baseline", "tuned"], metric="auroc")
@seed_sweep(n=8)
def test_models(seed, model):
    return Run(models.Y, models.scores(model, better=0.1 if model == "tuned" else 0.0))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED compare model: auroc (paired t by seed, two-sided, 1 pair(s), Holm*",
            "*tuned − baseline: +0.0* (means *, 8 seeds), statistic *, p = *, Holm p = *: tuned better*",
        ]
    )
    check = next(
        c for c in report_of(models)["sweeps"][0]["checks"] if c["name"] == "compare model: auroc"
    )
    assert check["metric"] == "auroc" and check["estimate"] > 0 and check["compared_with"] == 0.0
    assert check["data"]["kind"] == "pairs" and check["data"]["paired"] is True
    row = check["data"]["rows"][0]
    assert row["first"] == "baseline" and row["second"] == "tuned" and row["better"] == "tuned"
    assert row["pairs"] == 8


def test_compare_passes_when_nothing_differs_and_tost_shows_equivalence(models, report_of):
    models.makepyfile(
        test_a="""
import models
from pytest_mlaudit import Run, compare, seed_sweep

@compare("imputer", ["mean", "median"], metric="auroc", equivalence=0.05)
@seed_sweep(n=8)
def test_same(seed, imputer):
    return Run(models.Y, models.scores(imputer))

@compare("imputer", ["mean", "median"], metric="auroc", equivalence=0.001)
@seed_sweep(n=8)
def test_margin_too_tight(seed, imputer):
    return Run(models.Y, models.scores(imputer))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAILED equivalence imputer: auroc (TOST, paired t, within ±0.001*",
            "*median − mean: *not shown equivalent within ±0.001*",
        ]
    )
    sweeps = {s["nodeid"].split("::")[1]: s for s in report_of(models)["sweeps"]}
    tost = next(c for c in sweeps["test_same"]["checks"] if c["name"].startswith("equivalence"))
    assert tost["passed"] and tost["compared_with"] == 0.05 and tost["p_value"] < 0.05
    difference = next(c for c in sweeps["test_same"]["checks"] if c["name"].startswith("compare"))
    assert difference["severity"] == "warning"  # with a margin, TOST decides


def test_unpaired_and_rank_tests_are_named_and_run(models, report_of):
    models.makepyfile(
        test_a="""
import models
from pytest_mlaudit import Run, compare, seed_sweep

@compare("model", ["a", "b"], metric="auroc", paired=False, test="rank")
@seed_sweep(n=8)
def test_unpaired_rank(seed, model):
    return Run(models.Y, models.scores(model, better=0.15 if model == "b" else 0.0))

@compare("model", ["a", "b"], metric="auroc", paired=False)
@seed_sweep(n=8)
def test_welch(seed, model):
    return Run(models.Y, models.scores(model, better=0.15 if model == "b" else 0.0))

@compare("model", ["a", "b"], metric="auroc", test="rank")
@seed_sweep(n=8)
def test_wilcoxon(seed, model):
    return Run(models.Y, models.scores(model, better=0.15 if model == "b" else 0.0))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=3)
    tests = {
        s["nodeid"].split("::")[1]: next(c for c in s["checks"] if c["name"].startswith("compare"))[
            "test"
        ]
        for s in report_of(models)["sweeps"]
    }
    assert tests["test_unpaired_rank"].startswith("Mann-Whitney U")
    assert tests["test_welch"].startswith("Welch t")
    assert tests["test_wilcoxon"].startswith("Wilcoxon signed-rank by seed")


def test_three_values_are_holm_adjusted_and_lower_is_better_metrics_read_the_right_way(
    models, report_of
):
    models.makepyfile(
        test_a="""
import numpy as np
from pytest_mlaudit import Run, compare, seed_sweep

TARGET = np.random.default_rng(1).normal(0, 1, 200)

@compare("depth", [2, 4, 8], metric="rmse")
@seed_sweep(n=6)
def test_depth(seed, depth):
    noise = {2: 1.0, 4: 0.5, 8: 0.5}[depth]
    return Run(TARGET, y_pred=TARGET + np.random.normal(0, noise, TARGET.size))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    check = next(
        c for c in report_of(models)["sweeps"][0]["checks"] if c["name"] == "compare depth: rmse"
    )
    assert "3 pair(s), Holm" in check["test"]
    rows = {(r["first"], r["second"]): r for r in check["data"]["rows"]}
    assert rows[("2", "4")]["better"] == "4"  # smaller rmse is better
    assert all(r["p_holm"] >= r["p_value"] for r in rows.values())
    assert "rmse (lower is better) by depth" in check["detail"]


def test_compare_stacks_with_another_axis_and_judges_each_stratum(models, report_of):
    models.makepyfile(
        test_a="""
import models
from pytest_mlaudit import Run, compare, cross_precision, seed_sweep

@compare("model", ["a", "b"], metric="auroc")
@cross_precision("fp32", "bf16")
@seed_sweep(n=4)
def test_stacked(seed, model, precision):
    return Run(models.Y, models.scores(model, better=0.2 if (model == "b" and precision == "bf16") else 0.0))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    checks = [
        c for c in report_of(models)["sweeps"][0]["checks"] if c["name"] == "compare model: auroc"
    ]
    verdicts = {c["condition"]: c["passed"] for c in checks}
    assert verdicts == {"precision=fp32": True, "precision=bf16": False}


def test_a_significant_difference_below_one_example_is_labelled(models, report_of):
    models.makepyfile(
        test_a="""
import numpy as np
from pytest_mlaudit import Run, compare, seed_sweep

Y = np.array([1] * 300 + [0] * 700)

@compare("variant", ["a", "b"])
@seed_sweep(n=10)
def test_tiny(seed, variant):
    score = np.zeros(Y.size)
    score[Y == 1] = 0.9
    misses = int(np.random.default_rng(seed).integers(20, 30))
    # variant b misses one more positive than a in half of the seeds: < 1 example on average
    extra = 1 if (variant == "b" and seed % 2 == 0) else 0
    score[: misses + extra] = 0.1
    return Run(Y, score)
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*FAILED compare variant: f1 ?< 1 example? (paired t*"])
    result.stdout.fnmatch_lines(["*smaller than one test example*"])
    sweep = report_of(models)["sweeps"][0]
    check = next(c for c in sweep["checks"] if c["name"] == "compare variant: f1")
    assert check["below_resolution"] is True
    step = sweep["resolution"]["f1"]["step"]
    low, high = check["data"]["rows"][0]["ci"]
    assert -step < low <= check["estimate"] <= high < step


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("'seed', [1, 2]", "axis 'seed' is the pairing axis"),
        ("'model', ['a']", "values needs at least two values"),
        ("'model', ['a', 'a']", "values must differ by label"),
        ("'model', ['a', 'b'], equivalence=-1", "equivalence must be a positive margin"),
        ("'model', ['a', 'b'], test='anova'", "test must be one of ('t', 'rank')"),
        ("'model', ['a', 'b'], paired='yes'", "paired must be True or False"),
        ("'model', ['a', 'b'], alpha=2", "alpha must be in (0, 1)"),
        ("'model', ['a', 'b'], metric='a b'", "metric must be a word"),
        ("'class', ['a', 'b']", "axis must be the name of a keyword argument"),
    ],
)
def test_bad_arguments_are_one_line_collection_errors(pytester, arguments, message):
    pytester.makepyfile(
        test_a=f"""
from pytest_mlaudit import compare, seed_sweep

@compare({arguments})
@seed_sweep(n=2)
def test_sweep(seed, model=None):
    pass
"""
    )
    result = pytester.runpytest(options.FLAG)
    assert f"compare: {message}" in result.stdout.str()
    assert result.ret != 0


def test_compare_without_seeds_is_a_collection_error(pytester):
    pytester.makepyfile(
        test_a="""
from pytest_mlaudit import compare

@compare("model", ["a", "b"])
def test_sweep(model):
    pass
"""
    )
    result = pytester.runpytest(options.FLAG)
    assert (
        "needs several runs per condition paired by seed: stack @seed_sweep" in result.stdout.str()
    )
    assert result.ret != 0


def test_compare_imports_nothing_heavy_at_collection(tmp_path):
    import subprocess
    import sys
    import textwrap

    (tmp_path / "test_c.py").write_text(
        textwrap.dedent(
            """
            from pytest_mlaudit import compare, register_metric, seed_sweep

            register_metric("cost", lower_is_better=True)

            @compare("model", ["a", "b"], metric="cost", equivalence=0.1)
            @seed_sweep(n=3)
            def test_sweep(seed, model):
                raise AssertionError("collection must not run the sweep")
            """
        )
    )
    code = textwrap.dedent(
        f"""
        import sys, pytest
        code = pytest.main(["--co", "-q", "--mlaudit", "-p", "no:cacheprovider", {str(tmp_path)!r}])
        heavy = sorted(m for m in ("numpy", "scipy", "torch", "threadpoolctl", "sklearn") if m in sys.modules)
        print("HEAVY", heavy, "EXIT", int(code))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert "HEAVY [] EXIT 0" in result.stdout, result.stdout + result.stderr


def test_best_asks_whether_one_value_is_shown_better_than_every_other(models, report_of):
    models.makepyfile(
        test_a="""
import models
from pytest_mlaudit import Run, compare, seed_sweep

@compare("model", ["baseline", "tuned"], metric="auroc", best="tuned")
@seed_sweep(n=8)
def test_tuned_wins(seed, model):
    return Run(models.Y, models.scores(model, better=0.1 if model == "tuned" else 0.0))

@compare("model", ["baseline", "tuned"], metric="auroc", best="baseline")
@seed_sweep(n=8)
def test_baseline_does_not(seed, model):
    return Run(models.Y, models.scores(model, better=0.1 if model == "tuned" else 0.0))
"""
    )
    result = models.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*baseline is not shown better than tuned: tuned is better*"])


def test_best_must_be_one_of_the_values(pytester):
    pytester.makepyfile(
        test_a="""
from pytest_mlaudit import compare, seed_sweep

@compare("model", ["a", "b"], best="c")
@seed_sweep(n=2)
def test_sweep(seed, model):
    pass
"""
    )
    result = pytester.runpytest(options.FLAG)
    assert "compare: best must be one of the values ['a', 'b'], got 'c'" in result.stdout.str()
