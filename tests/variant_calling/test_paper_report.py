"""The markdown report of the reproduction, built from a hand-made plugin JSON report."""

import json

from examples.variant_calling import paper_report


def _run(seed, label, f1, collapsed=False, prevalence=0.25):
    key, _, value = label.partition("=")
    return {
        "seed": seed,
        "condition": {key: value},
        "condition_label": label,
        "metrics": {"f1": f1},
        "collapsed": collapsed,
        "error": None,
        "skipped": None,
        "prevalence": prevalence,
    }


def _check(name, condition, p, passed, statistic=None, test="t", **more):
    return {
        "name": name,
        "condition": condition,
        "p_value": p,
        "passed": passed,
        "statistic": statistic,
        "test": test,
        "detail": "",
        **more,
    }


def _report():
    ref = {
        "nodeid": "x.py::test_paper_initial_counts_do_not_reproduce",
        "test": "test_paper_initial_counts_do_not_reproduce",
        "runs": [_run(s, "precision=fp32", 0.99) for s in range(3)]
        + [_run(s, "precision=bf16-rtn", 0.99) for s in range(3)],
        "checks": [
            _check("reference collapses", "precision=fp32", 2.31e-4, False),
            _check("reference collapses", "precision=bf16-rtn", 0.5, True),
        ],
    }
    f4 = {
        "nodeid": "x.py::test_precision_changes_nothing",
        "test": "test_precision_changes_nothing",
        "runs": ref["runs"],
        "checks": [
            _check(
                "F1 means by precision",
                "all",
                0.001,
                False,
                9.0,
                "one-way ANOVA",
                estimate=0.0006,
                below_resolution=True,
            ),
            _check("trivial baseline", "precision=fp32", None, True, 0.99),
        ],
        "resolution": {
            "f1": {
                "metric": "f1",
                "step": 0.00085,
                "distinct_values": 5,
                "runs": 150,
                "n_test": 2360,
            }
        },
    }
    f2 = {
        "nodeid": "examples/variant_calling/test_f2_mechanism.py::test_rounding_noise_does_not_change_collapse[d=1,sd=1]",
        "test": "test_rounding_noise_does_not_change_collapse[d=1,sd=1]",
        "runs": [
            _run(0, "precision=fp32", 0.01, True),
            _run(1, "precision=fp32", 0.2),
            _run(0, "precision=fp16-sr", 0.2),
            _run(1, "precision=fp16-sr", 0.2),
        ],
        "checks": [_check("collapses by precision", "all", 1.0, True)],
    }
    return {"schema": "mlaudit-report/1", "interrupted": False, "sweeps": [ref, f4, f2]}


def test_tables_beside_the_papers_and_differences_stated():
    text = paper_report.build(
        _report(), parameters=881, extras={"engine_agreement": "10 seeds: ok"}
    )
    assert "| trainable parameters of VariantCNN as described (§2.2) | 1,169 | 881 |" in text
    assert "| fp32 | 12/50 | 0/50 | 2.3e-4 | 0/3, p = 0.000231 |" in text
    assert "| fp32 | 0.337 ± 0.023 [0.280, 0.375] | 0.990 ± 0.000 [0.990, 0.990] |" in text
    assert "| d=1,sd=1 | 1 | — | 0 | — | 0.50 | 1 |" in text
    assert "| paper, real GIAB, BCE (Table 1) | prevalence 0.25 | 0.314 | 0.400 | below |" in text
    differences = text.split("## Differences from the paper", 1)[1]
    assert "881 trainable parameters, not 1,169" in differences
    assert "F1 means by precision differ detectably" in differences
    assert "shown smaller than one test example's worth of F1 (0.00085)" in differences
    assert (
        "F1 resolution: one candidate of 2,360 test candidates turning right or wrong changes F1 "
        "by 0.00085; 5 distinct F1 values in 150 runs." in text
    )
    assert "the shift (0.0006) is shown smaller than one test example's worth of F1" in text
    assert "Delta is not exactly 0.00 in d=1,sd=1 (0.50)" in differences
    assert "10 seeds: ok" in text


def test_a_shift_of_about_one_candidate_is_said_in_candidates():
    report = _report()
    f4 = next(s for s in report["sweeps"] if s["test"] == "test_precision_changes_nothing")
    anova = f4["checks"][0]
    anova.update(estimate=0.00082, below_resolution=False)  # its interval reaches past one step
    text = paper_report.build(report, parameters=881)
    assert "the shift (0.00082) is 0.96 of one candidate's worth of F1" in text
    differences = text.split("## Differences from the paper", 1)[1]
    assert (
        "0.96 of one test example's worth of F1 (0.00085), about 1 candidate(s) per run"
        in differences
    )
    assert "shown smaller" not in text


def test_written_beside_the_json(tmp_path):
    path = tmp_path / "out.json"
    path.write_text(json.dumps(_report()))
    target = paper_report.write(path, parameters=881)
    assert target == tmp_path / "out.md" and "1,169" in target.read_text()
    assert paper_report.markdown_path(tmp_path / "report") == tmp_path / "report.md"
    assert paper_report.write(tmp_path / "missing.json") is None


def test_the_paper_only_rows_need_no_sweeps():
    text = paper_report.build({"sweeps": []}, parameters=None)
    assert "| 1,169 | — |" in text and "below the all-positive F1 (0.40" in text


def _with_scheme(sweep, scheme):
    return {**sweep, "nodeid": f"{sweep['nodeid']}[{scheme}]"}


def test_both_candidate_schemes_side_by_side_with_candidates_and_strata():
    base = _report()["sweeps"]
    caller_ref = _with_scheme(base[0], "caller")
    caller_ref["runs"] = [_run(s, "precision=fp32", 0.93) for s in range(3)]
    sweeps = [caller_ref, _with_scheme(base[0], "paper"), _with_scheme(base[1], "paper")]
    extras = {
        "candidates:caller": {"n_kept": 3956, "positives": 2465, "prevalence": 0.623, "missed": 30},
        "candidates:paper": {
            "n_kept": 7896,
            "positives": 1965,
            "prevalence": 0.249,
            "missed": None,
        },
        "strata:f4:caller": {
            "fp32": [
                {
                    "label": "all",
                    "n": 1187,
                    "positives": 740,
                    "f1_mean": 0.94,
                    "f1_sd": 0.004,
                    "seeds": 3,
                },
                {
                    "label": "INDEL",
                    "n": 87,
                    "positives": 30,
                    "f1_mean": float("nan"),
                    "f1_sd": 0.0,
                    "seeds": 3,
                },
            ]
        },
    }
    text = paper_report.build({"sweeps": sweeps}, parameters=881, extras=extras)
    assert (
        "| precision | paper initial | paper reproduced | paper Fisher p | ours, caller candidates | ours, paper's candidates |"
        in text
    )
    assert "| fp32 | 12/50 | 0/50 | 2.3e-4 | 0/3, p = 0.000231 | 0/3, p = 0.000231 |" in text
    assert "| candidates | 8,000 (7,892 after the coverage filter) | 3,956 | 7,896 |" in text
    assert "| prevalence | ≈ 0.25 | 0.623 | 0.249 |" in text
    assert "| truth variants missed | — | 30 | — |" in text
    assert "| all | 1,187 | 740 | 0.940 ± 0.004 |" in text and "| INDEL | 87 | 30 | — |" in text
    assert "mean ± sd over 3 seeds)" in text  # the seeds the table was made of (--mlaudit-seeds)
    assert "strata:f4" not in text.split("## Other checks")[-1]  # tables, not raw extras
