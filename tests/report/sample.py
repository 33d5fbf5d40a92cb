"""Hand-made reports in the format `report.schema` writes, one sweep per figure kind, with values
chosen so that every number a figure draws is known here."""

from __future__ import annotations

import copy
from typing import Any

ENVIRONMENT = {
    "python": "3.11.7",
    "platform": "Linux-x86_64",
    "packages": {"pytest-mlaudit": "0.1.0", "numpy": "2.0"},
    "gpu": {"cuda_available": False, "devices": []},
}


def run(condition: dict, seed: Any, metrics: dict, collapsed: bool = False, **more: Any) -> dict:
    label = ", ".join(f"{k}={v}" for k, v in condition.items()) or "all"
    record = {
        "seed": seed,
        "condition": dict(condition),
        "condition_label": label,
        "metrics": dict(metrics),
        "collapsed": collapsed,
        "collapse_reasons": ["no positive prediction"] if collapsed else [],
        "error": None,
        "skipped": None,
        "seconds": 0.5,
        "resumed": False,
        "prevalence": 0.25,
    }
    record.update(more)
    return record


def check(
    name: str,
    p_value: float | None,
    passed: bool = True,
    condition: str | None = None,
    data: dict | None = None,
    test: str = "a test",
    statistic: float | None = 1.5,
) -> dict:
    return {
        "name": name,
        "test": test,
        "statistic": statistic,
        "p_value": p_value,
        "passed": passed,
        "detail": f"{name}: what was seen",
        "assumptions": "independent runs",
        "advice": "look closer",
        "condition": condition,
        "severity": "error",
        "data": data,
    }


def sweep(nodeid: str, runs: list, checks: list, **more: Any) -> dict:
    record = {
        "nodeid": nodeid,
        "test": nodeid.split("::")[-1].split("[")[0],
        "parameters": {"axes": {}, "decorators": [["seed_sweep", {"n": 3}]], "settings": {}},
        "options": {},
        "executor": "serial",
        "reproduce": f"pytest --mlaudit '{nodeid}'",
        "interrupted": False,
        "failed": False,
        "seconds": 3.0,
        "runs": runs,
        "checks": checks,
        "environment": ENVIRONMENT,
    }
    record.update(more)
    return record


# -- per kind ------------------------------------------------------------------------------------
PRECISION_F1 = {
    "fp32": [0.80, 0.82, 0.78, 0.0, 0.81],
    "bf16": [0.79, 0.83, 0.77, 0.0, 0.80],
}
COLLAPSED_SEED = 3


def precision_sweep() -> dict:
    runs = [
        run(
            {"precision": p},
            seed,
            {"f1": f1, "auroc": 0.9 - 0.01 * seed, "positive_rate": 0.3},
            collapsed=seed == COLLAPSED_SEED,
        )
        for p, values in PRECISION_F1.items()
        for seed, f1 in enumerate(values)
    ]
    checks = [
        check("F1 means by precision", 0.41, condition="all", test="one-way ANOVA", statistic=0.7),
        check("collapses by precision", 1.0, condition="all", test="Fisher exact, two-sided"),
        check(
            "reference collapses",
            0.012,
            passed=False,
            condition="precision=fp32",
            test="Fisher exact, two-sided",
            data={"kind": "reference_counts", "observed": [1, 5], "reference": [12, 50]},
        ),
        check(
            "reference collapses",
            0.5,
            condition="precision=bf16",
            test="Fisher exact, two-sided",
            data={"kind": "reference_counts", "observed": [1, 5], "reference": [9, 50]},
        ),
    ]
    return sweep("test_p.py::test_precision", runs, checks)


RANKING_F1 = {  # (loss, domain) -> per-seed F1: focal wins on synthetic, loses on real
    ("bce", "synthetic"): [0.90, 0.92, 0.91],
    ("focal", "synthetic"): [0.97, 0.98, 0.99],
    ("bce", "real"): [0.60, 0.62, 0.61],
    ("focal", "real"): [0.20, 0.10, 0.30],
}


def ranking_sweep() -> dict:
    runs = [
        run({"domain": domain, "loss": loss}, seed, {"f1": f1})
        for domain in ("synthetic", "real")
        for loss in ("bce", "focal")
        for seed, f1 in enumerate(RANKING_F1[(loss, domain)])
    ]
    data = {
        "kind": "loss_ranking",
        "metric": "f1",
        "loss_axis": "loss",
        "domain_axis": "domain",
        "losses": ["bce", "focal"],
        "domains": ["synthetic", "real"],
        "comparisons": [],
        "verdicts": [["bce", "focal", "inversion"]],
    }
    checks = [
        check(
            "synthetic-real consistency",
            0.03,
            passed=False,
            test="Wilcoxon signed-rank by seed, Holm over 2",
            data=data,
        )
    ]
    return sweep("test_s.py::test_losses", runs, checks)


def calls(values: list[int], scores: list[float], tau: float) -> dict:
    return {"calls": values, "scores": scores, "tau": tau}


# Three builds over 10 cases, tau 0.5: every case reportable on A and B except case 9 (score 0.1 on B);
# B's call differs from A's on cases 0 and 1; C equals A.
CALLS_A = calls([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], [0.9] * 10, 0.5)
CALLS_B = calls([1, 2, 2, 0, 1, 2, 0, 1, 2, 1], [0.9] * 9 + [0.1], 0.5)
CALLS_C = copy.deepcopy(CALLS_A)
SINE = {"B": [0.0, 0.0, 1e-16, 3e-12, 2e-9], "C": [0.0, 0.0, 0.0, 0.0, 0.0]}
STEPS = [0, 10, 20, 30, 40]


def longitudinal_sweep() -> dict:
    runs = [
        run({"build": name}, None, {"f1": 0.7}, calls=value)
        for name, value in (("A", CALLS_A), ("B", CALLS_B), ("C", CALLS_C))
    ]
    checks = [
        check(
            "longitudinal consistency",
            0.2,
            test="observed share of agreeing reportable calls >= p=0.99",
        ),
    ] + [
        check(
            "parameter divergence",
            None,
            test="vector sine (reported, not gated)",
            statistic=SINE[name][-1],
            data={
                "kind": "vector_sine",
                "reference": "A",
                "build": name,
                "steps": STEPS,
                "sine": SINE[name],
                "threshold": 1.5e-8,
                "final": SINE[name][-1],
            },
        )
        for name in ("B", "C")
    ]
    return sweep("test_l.py::test_builds", runs, checks)


SHARES = {"seed": 0.6, "precision": 0.1, "residual": 0.3}


def variance_sweep() -> dict:
    runs = [
        run({"data_seed": str(d), "seed_kind": "init"}, s, {"f1": 0.5 + 0.01 * d + 0.001 * s})
        for d in range(2)
        for s in range(2)
    ]
    checks = [
        check(
            f"variance share: {source}",
            0.01 if source != "residual" else None,
            data={
                "kind": "variance_share",
                "metric": "f1",
                "source": source,
                "share": share,
                "ci": [share / 2, min(1.0, share * 1.5)],
                "confidence": 0.95,
                "levels": 2,
            },
        )
        for source, share in SHARES.items()
    ]
    return sweep("test_v.py::test_sources", runs, checks)


# Finding 2 style: one sweep per (d, sd) cell, collapse counts per mode.
FAMILY = {  # (d, sd) -> {mode: collapsed of 4}
    ("1", "1"): {"fp32": 2, "fp16-sr": 1},
    ("2", "1"): {"fp32": 0, "fp16-sr": 0},
    ("1", "1.3"): {"fp32": 4, "fp16-sr": 3},
    ("2", "1.3"): {"fp32": 1, "fp16-sr": 1},
}


def family_sweeps() -> list:
    out = []
    for (d, sd), counts in FAMILY.items():
        runs = [
            run(
                {"precision": mode},
                seed,
                {"f1": 0.0 if seed < collapsed else 0.7},
                collapsed=seed < collapsed,
            )
            for mode, collapsed in counts.items()
            for seed in range(4)
        ]
        checks = [
            check(
                "collapses by precision",
                0.9,
                condition="all",
                test="Fisher exact, two-sided, 1 pair(s), Holm",
            )
        ]
        out.append(sweep(f"test_m.py::test_cells[d={d},sd={sd}]", runs, checks))
    return out


def report(*sweeps: dict, sections: list | None = None) -> dict:
    return {
        "schema": "mlaudit-report/1",
        "environment": ENVIRONMENT,
        "options": {"seeds": None},
        "interrupted": False,
        "sweeps": list(sweeps),
        "sections": sections or [],
    }


def rich_report() -> dict:
    """One sweep of every kind, and a family of four."""
    return report(
        precision_sweep(),
        ranking_sweep(),
        longitudinal_sweep(),
        variance_sweep(),
        *family_sweeps(),
        sections=[
            {
                "title": "Paper tables",
                "markdown": "| a | b |\n|---|---|\n| 1 | 2 |\n\n![Table 4](figure:test_p.py_test_precision--strip-f1)",
                "source": "conftest.py:1",
            }
        ],
    )
