"""Variance components of a crossed design, and @variance_sources through pytest."""

import json

import numpy as np
import pytest

from pytest_mlaudit import options
from pytest_mlaudit.variance.decomposition import RESIDUAL, decompose, table_from_cells

SOURCES = ["init", "data_order", "split"]


def planted(effects, noise, n=4, seed=0):
    """A table whose sources have standard deviations `effects` plus residual noise."""
    rng = np.random.default_rng(seed)
    table = rng.normal(0, noise, (n,) * len(effects))
    for axis, sd in enumerate(effects):
        shape = [1] * len(effects)
        shape[axis] = n
        table = table + rng.normal(0, sd, n).reshape(shape)
    return 0.8 + table


def test_only_data_order_matters_is_attributed_to_data_order():
    result = decompose(planted([0.0, 0.05, 0.0], 0.002), SOURCES, bootstrap=300)
    assert result.share("data_order") >= 0.9
    assert result.dominant().source == "data_order"
    order = next(s for s in result.shares if s.source == "data_order")
    assert order.ci_low >= 0.9 and order.p_value < 1e-6
    assert result.share("init") < 0.05 and result.share("split") < 0.05


def test_shares_sum_to_one_and_follow_the_planted_variances():
    result = decompose(planted([0.04, 0.0, 0.04], 0.004, n=6, seed=3), SOURCES, bootstrap=200)
    assert sum(s.share for s in result.shares) == pytest.approx(1.0)
    assert result.share("init") > 0.2 and result.share("split") > 0.2
    assert result.share("data_order") < 0.05


def test_sums_of_squares_match_a_hand_computed_two_way_table():
    # y = row effect + column effect, no residual: every bit of variance is explained
    table = np.array([[1.0, 2.0], [3.0, 4.0]])
    result = decompose(table, ["a", "b"], bootstrap=100)
    # MS_a = 2 * ((1.5-2.5)^2 + (3.5-2.5)^2) = 4, MS_b = 1, MS_e = 0
    # sigma2_a = (4 - 0) / 2 = 2, sigma2_b = 0.5
    shares = {s.source: s for s in result.shares}
    assert shares["a"].variance == pytest.approx(2.0)
    assert shares["b"].variance == pytest.approx(0.5)
    assert shares[RESIDUAL].variance == pytest.approx(0.0)
    assert shares["a"].share == pytest.approx(0.8)


def test_the_f_test_keeps_its_size_under_the_null():
    # no source matters: each source's F test rejects at about alpha
    rejections = [
        decompose(planted([0, 0, 0], 1.0, seed=s), SOURCES, bootstrap=100).shares[0].p_value < 0.05
        for s in range(200)
    ]
    assert 0.01 <= np.mean(rejections) <= 0.1


def test_incomplete_tables_are_refused_by_name():
    with pytest.raises(ValueError, match="missing or non-finite"):
        decompose(np.array([[1.0, np.nan], [2.0, 3.0]]), ["a", "b"])
    with pytest.raises(ValueError, match="2 axes but 3 sources"):
        decompose(np.ones((2, 2)), SOURCES)


def test_table_from_cells_places_each_value_by_its_levels():
    cells = [{"a": x, "b": y} for x in ("p", "q") for y in (0, 1, 2)]
    table, levels = table_from_cells(cells, [1, 2, 3, 4, 5, 6], ["a", "b"])
    assert levels == [["p", "q"], [0, 1, 2]]
    assert table.tolist() == [[1, 2, 3], [4, 5, 6]]


PLANTED_TEST = """
import numpy as np
from pytest_mlaudit import Run
from pytest_mlaudit import variance_sources

Y = (np.random.default_rng(0).random(300) < 0.4).astype(int)

@variance_sources(n=3, metric="auroc"{extra})
def test_sources(init_seed, data_order_seed, split_seed):
    # the data order decides how well the model separates the classes; init and split add a whisper
    signal = 0.3 + 0.25 * data_order_seed
    noise = np.random.default_rng(1000 + 7 * init_seed + split_seed).normal(0, 0.002, Y.size)
    base = np.random.default_rng(5).normal(0, 0.3, Y.size)
    return Run(Y, 1 / (1 + np.exp(-(signal * (2 * Y - 1) + base + noise))))
"""


def test_the_decorator_attributes_a_planted_data_order_effect(pytester):
    pytester.makepyfile(test_v=PLANTED_TEST.replace("{extra}", ""))
    result = pytester.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    sweep = json.loads((pytester.path / "r.json").read_text())["sweeps"][0]
    assert len(sweep["runs"]) == 27
    checks = {c["name"]: c for c in sweep["checks"]}
    order = checks["variance share: data_order"]
    share = float(order["detail"].split("%")[0]) / 100
    assert share >= 0.9 and order["p_value"] < 1e-6
    assert float(checks["variance share: init"]["detail"].split("%")[0]) < 5


def test_max_share_fails_when_a_source_dominates(pytester):
    pytester.makepyfile(test_v=PLANTED_TEST.replace("{extra}", ", max_share={'data_order': 0.5}"))
    result = pytester.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*variance share: data_order*"])


def test_configuration_errors_name_the_parameter(pytester):
    pytester.makepyfile(
        test_v="""
from pytest_mlaudit import variance_sources

@variance_sources(n=1, max_share={"weather": 0.5})
def test_sources(init_seed, data_order_seed, split_seed):
    pass
"""
    )
    result = pytester.runpytest(options.FLAG)
    assert result.ret != 0
    text = "\n".join(result.outlines + result.errlines)
    assert "n must be an integer >= 2 (levels per source), got 1" in text
    assert "unknown source 'weather'" in text
