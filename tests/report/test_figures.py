"""Figures draw the report's numbers: every assertion reads the values back from the matplotlib
artists (offsets, line data, bar heights, image arrays, texts), never from pixels."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from scipy import stats as scipy_stats

from pytest_mlaudit.report import figures
from pytest_mlaudit.report.figures import drawing, style
from pytest_mlaudit.report.figures.builds import ZERO_LINE
from pytest_mlaudit.report.figures.plan import FigureSpec
from pytest_mlaudit.report.figures.strip import pair_segments
from tests.report import sample

pytest.importorskip("matplotlib")


def spec_of(report, kind, sweep=None):
    found = [
        s for s in figures.plan(report) if s.kind == kind and (sweep is None or s.nodeid == sweep)
    ]
    assert found, f"no {kind} figure in {[s.kind for s in figures.plan(report)]}"
    return found[0]


def artists(figure, gid):
    found = figure.findobj(lambda a: a.get_gid() == gid)
    assert found, f"no artist with gid {gid!r}"
    return found


def one(figure, gid):
    (found,) = artists(figure, gid)
    return found


def drawn_points(figure, gid):
    """Every run drawn for a condition: the filled markers and the hollow (collapsed) ones."""
    xs, ys = [], []
    for line in figure.findobj(lambda a: a.get_gid() in (gid, f"collapsed:{gid}")):
        xs += list(line.get_xdata())
        ys += list(line.get_ydata())
    assert xs, f"no points with gid {gid!r}"
    return xs, ys


def texts(figure):
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]


# -- strip plots ---------------------------------------------------------------------------------
def test_strip_plot_draws_every_run_at_its_value_by_condition():
    report = sample.report(sample.precision_sweep())
    figure = drawing.draw(spec_of(report, "strip"))
    for index, (precision, values) in enumerate(sample.PRECISION_F1.items()):
        xs, ys = drawn_points(figure, f"runs:precision={precision}")
        assert sorted(ys) == sorted(values)
        # each condition at its own place on the x axis
        assert np.all(np.abs(np.asarray(xs) - index) < 0.5)


def test_strip_plot_mean_and_95_percent_t_interval():
    report = sample.report(sample.precision_sweep())
    figure = drawing.draw(spec_of(report, "strip"))
    for precision, values in sample.PRECISION_F1.items():
        mean_line = one(figure, f"mean:precision={precision}")
        assert mean_line.get_ydata()[0] == pytest.approx(statistics.fmean(values))
        segments = one(figure, f"ci:precision={precision}").get_segments()
        low, high = sorted(segments[0][:, 1])
        half = (
            scipy_stats.t.ppf(0.975, len(values) - 1)
            * statistics.stdev(values)
            / math.sqrt(len(values))
        )
        assert (low, high) == pytest.approx(
            (statistics.fmean(values) - half, statistics.fmean(values) + half)
        )


def test_runs_sharing_a_seed_are_joined_when_conditions_are_paired():
    report = sample.report(sample.precision_sweep())
    figure = drawing.draw(spec_of(report, "strip"))
    segments = pair_segments(one(figure, "pairs"))
    fp32, bf16 = sample.PRECISION_F1["fp32"], sample.PRECISION_F1["bf16"]
    assert len(segments) == len(fp32)
    # every line joins seed s under fp32 (left) to seed s under bf16 (right)
    joined = sorted((round(left[1], 6), round(right[1], 6)) for left, right in segments)
    assert joined == sorted((round(a, 6), round(b, 6)) for a, b in zip(fp32, bf16))
    assert all(left[0] < 0.5 < right[0] for left, right in segments)


def test_unpaired_runs_are_not_joined():
    runs = [
        sample.run({"model": m}, seed, {"f1": 0.5 + seed / 10})
        for m, seeds in (("a", [0, 1]), ("b", [2, 3]))
        for seed in seeds
    ]
    report = sample.report(sample.sweep("t.py::test_unpaired", runs, []))
    figure = drawing.draw(spec_of(report, "strip"))
    assert not figure.findobj(lambda a: a.get_gid() == "pairs")


def test_collapsed_runs_are_hollow_and_the_legend_says_so():
    report = sample.report(sample.precision_sweep())
    figure = drawing.draw(spec_of(report, "strip"))
    hollow = one(figure, "collapsed:runs:precision=fp32")
    assert list(hollow.get_ydata()) == [0.0]  # the collapsed seed's F1
    assert hollow.get_markerfacecolor() == "none"
    assert 0.0 not in list(one(figure, "runs:precision=fp32").get_ydata())
    assert "collapsed run" in texts(figure)


def test_a_strip_plot_per_metric_each_with_the_tests_that_name_it():
    report = sample.report(sample.precision_sweep())
    strips = [s for s in figures.plan(report) if s.kind == "strip"]
    assert [s.payload["metric"] for s in strips] == ["f1", "auroc", "positive_rate"]
    f1, auroc, rate = strips
    assert "one-way ANOVA" in f1.caption and "p = 0.41" in f1.caption
    assert "no test of auroc" in auroc.caption
    assert f1.payload["direction"] == "higher is better" and rate.payload["direction"] == ""


def test_metrics_declared_by_the_sweep_lead_and_set_the_direction():
    runs = [sample.run({}, s, {"f1": 0.5, "mse": 0.1 * s, "my_score": s}) for s in range(3)]
    report = sample.report(
        sample.sweep(
            "t.py::test_declared",
            runs,
            [],
            metric="my_score",
            metrics={"my_score": "higher", "f1": "higher", "mse": "lower"},
        )
    )
    strips = [s for s in figures.plan(report) if s.kind == "strip"]
    assert [s.payload["metric"] for s in strips] == ["my_score", "f1", "mse"]
    figure = drawing.draw(strips[2])
    assert figure.axes[0].get_ylabel() == "mse (lower is better)"


# -- counts --------------------------------------------------------------------------------------
def test_collapse_bars_are_the_share_collapsed_with_exact_intervals():
    report = sample.report(sample.precision_sweep())
    figure = drawing.draw(spec_of(report, "collapses"))
    ax = figure.axes[0]
    (bars,) = [c for c in ax.containers if c.get_label() == "collapsed"]
    assert [b.get_height() for b in bars] == [pytest.approx(1 / 5)] * 2
    assert texts(figure).count("1/5") == 2
    interval = scipy_stats.binomtest(1, 5).proportion_ci(method="exact")
    tops = sorted({round(float(y), 9) for line in ax.get_lines() for y in line.get_ydata()})
    assert round(interval.high, 9) in tops and round(interval.low, 9) in tops


def test_two_condition_axes_give_a_collapse_heatmap():
    runs = [
        sample.run({"loss": loss, "precision": p}, seed, {"f1": 0.5}, collapsed=seed < k)
        for loss, p, k in (
            ("bce", "fp32", 1),
            ("bce", "bf16", 2),
            ("focal", "fp32", 3),
            ("focal", "bf16", 0),
        )
        for seed in range(4)
    ]
    report = sample.report(
        sample.sweep("t.py::test_two_axes", runs, [sample.check("collapse rate", 0.2)])
    )
    spec = spec_of(report, "collapse_heatmap")
    figure = drawing.draw(spec)
    array = one(figure, "heatmap").get_array()
    assert array.tolist() == [[0.25, 0.5], [0.75, 0.0]]
    assert {"1/4", "2/4", "3/4", "0/4"} <= set(texts(figure))
    assert figure.axes[0].get_ylabel() == "loss" and figure.axes[0].get_xlabel() == "precision"


def test_observed_and_reference_counts_side_by_side():
    report = sample.report(sample.precision_sweep())
    spec = spec_of(report, "reference")
    figure = drawing.draw(spec)
    ax = figure.axes[0]
    heights = {
        c.get_label(): [b.get_height() for b in c]
        for c in ax.containers
        if c.get_label() in ("observed", "reference")
    }
    assert heights["observed"] == pytest.approx([1 / 5, 1 / 5])
    assert heights["reference"] == pytest.approx([12 / 50, 9 / 50])
    assert "p = 0.012" in texts(figure)
    assert "Fisher exact" in spec.caption and "FAIL" in spec.caption


def test_family_of_sweeps_heatmap_and_the_mechanism_grid():
    report = sample.report(*sample.family_sweeps())
    family = drawing.draw(spec_of(report, "family"))
    array = one(family, "heatmap").get_array()
    expected = [[counts[m] / 4 for m in ("fp32", "fp16-sr")] for counts in sample.FAMILY.values()]
    assert array.tolist() == expected
    mechanism_spec = spec_of(report, "mechanism")
    assert mechanism_spec.payload["x"] == ["1", "2"] and mechanism_spec.payload["y"] == ["1", "1.3"]
    mechanism = drawing.draw(mechanism_spec)
    delta = one(mechanism, "heatmap").get_array()
    # rows: sd = 1, 1.3; columns: d = 1, 2; Δ = |fp32 - fp16-sr| / 4
    assert delta.tolist() == [[0.25, 0.0], [0.25, 0.0]]
    assert mechanism.axes[0].get_xlabel() == "d" and mechanism.axes[0].get_ylabel() == "sd"


# -- ranking, longitudinal, variance -------------------------------------------------------------
def test_synthetic_vs_real_ranking_draws_each_loss_mean_per_domain():
    report = sample.report(sample.ranking_sweep())
    spec = spec_of(report, "ranking")
    figure = drawing.draw(spec)
    for loss in ("bce", "focal"):
        line = one(figure, f"mean:{loss}")
        means = [statistics.fmean(sample.RANKING_F1[(loss, d)]) for d in ("synthetic", "real")]
        assert list(line.get_ydata()) == pytest.approx(means)
        for domain in ("synthetic", "real"):
            drawn = one(figure, f"runs:{loss}:{domain}").get_ydata()
            assert sorted(drawn) == sorted(sample.RANKING_F1[(loss, domain)])
    # the inversion is visible: focal above bce on synthetic, below on real
    bce, focal = one(figure, "mean:bce").get_ydata(), one(figure, "mean:focal").get_ydata()
    assert focal[0] > bce[0] and focal[1] < bce[1]
    assert "inversion" in spec.caption and "p = 0.03" in spec.caption


def test_vector_sine_by_step_per_build_pair():
    report = sample.report(sample.longitudinal_sweep())
    figure = drawing.draw(spec_of(report, "sine"))
    b = one(figure, "sine:B vs A")
    assert list(b.get_xdata()) == sample.STEPS
    assert list(b.get_ydata()) == [ZERO_LINE, ZERO_LINE, 1e-16, 3e-12, 2e-9]
    c = one(figure, "sine:C vs A")
    assert (
        list(c.get_ydata()) == [ZERO_LINE] * 5
    )  # bitwise equal throughout: drawn on the zero line
    assert one(figure, "threshold").get_ydata()[0] == 1.5e-8
    assert figure.axes[0].get_yscale() == "log"


def test_reportable_call_agreement_between_builds():
    report = sample.report(sample.longitudinal_sweep())
    spec = spec_of(report, "agreement")
    assert spec.payload["builds"] == ["build=A", "build=B", "build=C"]
    figure = drawing.draw(spec)
    array = one(figure, "heatmap").get_array()
    # A vs B: 9 cases reportable on both (case 9 is below tau on B), calls differ on 2 of them
    assert array[0][1] == pytest.approx(7 / 9) and array[1][0] == pytest.approx(7 / 9)
    assert array[0][2] == 1.0 and array[0][0] == 1.0
    assert "7/9" in texts(figure) and "10/10" in texts(figure)


def test_variance_shares_are_stacked_bars():
    report = sample.report(sample.variance_sweep())
    figure = drawing.draw(spec_of(report, "variance"))
    left = 0.0
    for source, share in sample.SHARES.items():
        patch = one(figure, f"share:f1:{source}")
        assert patch.get_width() == pytest.approx(share)
        assert patch.get_x() == pytest.approx(left)  # stacked: each starts where the last ended
        left += share
    assert left == pytest.approx(1.0)


# -- one style -----------------------------------------------------------------------------------
def test_every_figure_has_its_test_id_labelled_axes_a_caption_and_the_palette():
    report = sample.rich_report()
    specs = figures.plan(report)
    assert {s.kind for s in specs} >= {
        "strip",
        "collapses",
        "reference",
        "ranking",
        "sine",
        "agreement",
        "variance",
        "family",
        "mechanism",
    }
    from matplotlib.colors import to_rgb

    allowed = {tuple(round(c, 3) for c in to_rgb(p)) for p in style.PALETTE}
    for spec in specs:
        figure = drawing.draw(spec)
        words = "\n".join(texts(figure))
        assert spec.nodeid.split("[")[0] in words.replace("\n", ""), spec.id
        assert spec.caption.split(".")[0][:40] in words.replace("\n", " "), spec.id
        ax = figure.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel(), spec.id
        for line in ax.get_lines():
            if (line.get_gid() or "").startswith(
                ("runs:", "mean:", "sine:")
            ) and line.get_gid().count(":") >= 1:
                colour = tuple(round(c, 3) for c in to_rgb(line.get_color()))
                assert colour in allowed, (spec.id, line.get_gid())


def test_captions_name_the_test_and_its_p_value():
    report = sample.rich_report()
    for spec in figures.plan(report):
        if spec.kind in ("strip", "collapses", "reference", "ranking", "family"):
            assert (
                "p = " in spec.caption or "no test" in spec.caption or "smallest p" in spec.caption
            ), spec.id


def test_both_formats_are_real_files():
    rendered = figures.render(
        [spec_of(sample.report(sample.precision_sweep()), "strip")], ("png", "svg")
    )
    (item,) = rendered
    assert item.error is None
    assert item.files["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in item.files["svg"][:1000]
    assert b"test_p.py::test_precision" in item.files["svg"]  # text stays text


def test_a_figure_that_fails_to_draw_is_reported_not_raised():
    broken = FigureSpec("x", "strip", "t.py::test", "t", "c", {"metric": "f1"})
    good = spec_of(sample.report(sample.precision_sweep()), "collapses")
    first, second = figures.render([broken, good])
    assert first.error.startswith("figure x could not be drawn: KeyError") and not first.files
    assert second.error is None and second.files


def test_ids_are_unique_and_file_name_safe():
    specs = figures.plan(sample.rich_report())
    ids = [s.id for s in specs]
    assert len(ids) == len(set(ids))
    assert all(all(ch.isalnum() or ch in "_.=-" for ch in i) for i in ids)


def test_runs_that_raised_or_were_skipped_are_not_drawn():
    runs = [sample.run({}, s, {"f1": 0.5}) for s in range(3)]
    runs[1]["error"] = "RuntimeError: boom"
    runs[1]["metrics"] = None
    runs[2]["skipped"] = "needs CUDA"
    report = sample.report(sample.sweep("t.py::test_errors", runs, []))
    figure = drawing.draw(spec_of(report, "strip"))
    assert len(one(figure, "runs:all").get_ydata()) == 1


def test_compare_pairs_draw_each_difference_with_its_interval():
    data = {
        "kind": "pairs",
        "axis": "model",
        "metric": "f1",
        "paired": True,
        "margin": 0.02,
        "rows": [
            {
                "first": "a",
                "second": "b",
                "difference": 0.05,
                "ci": [0.01, 0.09],
                "p_holm": 0.01,
                "test": "paired t",
            },
            {
                "first": "a",
                "second": "c",
                "difference": -0.01,
                "ci": [-0.03, 0.01],
                "p_holm": 0.4,
                "test": "paired t",
            },
        ],
    }
    runs = [sample.run({"model": m}, s, {"f1": 0.5}) for m in "abc" for s in range(2)]
    report = sample.report(
        sample.sweep("t.py::test_models", runs, [sample.check("compare", 0.01, data=data)])
    )
    spec = spec_of(report, "pairs")
    figure = drawing.draw(spec)
    assert one(figure, "difference:b − a").get_xdata()[0] == 0.05
    assert list(one(figure, "interval:c − a").get_xdata()) == [-0.03, 0.01]
    assert sorted(line.get_xdata()[0] for line in artists(figure, "margin")) == [-0.02, 0.02]
    assert "p (Holm) = 0.01" in spec.caption and "p 0.4" in texts(figure)


def test_figures_drawn_in_worker_processes_are_the_same_files_in_the_same_order(monkeypatch):
    specs = figures.plan(sample.rich_report())
    monkeypatch.setenv(drawing.WORKERS_VARIABLE, "1")
    here = figures.render(specs)
    there = drawing._render_parallel(specs, ("svg",), 2)
    assert [r.spec.id for r in there] == [s.id for s in specs]
    assert [r.files for r in there] == [r.files for r in here]
    assert all(r.error is None for r in there)


def test_worker_count_follows_the_variable_and_the_figure_count(monkeypatch):
    monkeypatch.setenv(drawing.WORKERS_VARIABLE, "3")
    assert drawing.worker_count(5) == 3
    monkeypatch.setenv(drawing.WORKERS_VARIABLE, "many")
    with pytest.raises(ValueError, match="MLAUDIT_FIGURE_WORKERS='many': expected a whole number"):
        drawing.worker_count(5)
    monkeypatch.delenv(drawing.WORKERS_VARIABLE)
    assert drawing.worker_count(drawing.FIGURES_PER_WORKER - 1) == 1  # too few to pay for a worker
