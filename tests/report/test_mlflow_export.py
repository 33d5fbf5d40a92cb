"""--mlaudit-mlflow: a sweep becomes a parent run with one child run per cell, read back here with
the mlflow client from a temporary local store (no server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_mlaudit import options
from pytest_mlaudit.report import mlflow_export
from tests.report import sample

mlflow = pytest.importorskip("mlflow", reason="the mlflow extra (mlflow-skinny) is not installed")


def client_for(store):
    from mlflow.tracking import MlflowClient

    # MLflow 3 asks for this opt-in to open a local file store (the exporter sets it for itself)
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    return MlflowClient(tracking_uri=store.resolve().as_uri())


def runs_of(client, experiment="mlaudit"):
    found = client.get_experiment_by_name(experiment)
    assert found is not None, "no experiment was created"
    return client.search_runs([found.experiment_id], max_results=1000)


def test_a_sweep_is_a_parent_run_with_a_child_per_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    report = sample.report(sample.precision_sweep())
    figures = {0: [("strip-f1.png", b"\x89PNG fake"), ("strip-f1.svg", b"<svg/>")]}
    done = mlflow_export.export(report, str(tmp_path / "store"), figures)
    assert done["children"] == 10 and len(done["parents"]) == 1

    client = client_for(tmp_path / "store")
    runs = runs_of(client)
    (parent,) = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]
    assert len(children) == 10 and len(runs) == 11

    assert parent.info.run_name == "test_p.py::test_precision"
    assert parent.data.tags["mlaudit.verdict"] == "FAIL"  # a reference check failed
    assert parent.data.tags["env.python"] == "3.11.7"
    assert parent.data.tags["env.packages.numpy"] == "2.0"
    assert parent.data.metrics["check.F1 means by precision/all.p_value"] == pytest.approx(0.41)
    assert parent.data.metrics["check.reference collapses/precision:fp32.passed"] == 0.0
    assert parent.data.params["seed_sweep.n"] == "3"

    by_cell = {(c.data.params["condition.precision"], c.data.params["seed"]): c for c in children}
    for precision, values in sample.PRECISION_F1.items():
        for seed, f1 in enumerate(values):
            child = by_cell[(precision, str(seed))]
            assert child.data.metrics["f1"] == pytest.approx(f1)
            assert child.data.metrics["collapsed"] == float(seed == sample.COLLAPSED_SEED)
            assert child.data.tags["mlaudit.environment"] == parent.data.tags["mlaudit.environment"]
            assert child.info.status == "FINISHED"
            assert child.info.run_name == f"precision={precision} seed={seed}"

    artifacts = sorted(a.path for a in client.list_artifacts(parent.info.run_id, "figures"))
    assert artifacts == ["figures/strip-f1.png", "figures/strip-f1.svg"]
    local = client.download_artifacts(
        parent.info.run_id, "figures/strip-f1.svg", str(tmp_path / "dl")
    )
    assert Path(local).read_bytes() == b"<svg/>"


def test_a_cell_that_raised_is_a_failed_child_run_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    runs = [sample.run({}, 0, {"f1": 0.5}), sample.run({}, 1, {})]
    runs[1].update(error="RuntimeError: out of memory", metrics=None)
    mlflow_export.export(sample.report(sample.sweep("t.py::test_e", runs, [])), str(tmp_path / "s"))
    children = [
        r for r in runs_of(client_for(tmp_path / "s")) if "mlflow.parentRunId" in r.data.tags
    ]
    failed = [c for c in children if c.info.status == "FAILED"]
    assert (
        len(failed) == 1 and failed[0].data.tags["mlaudit.error"] == "RuntimeError: out of memory"
    )
    assert failed[0].data.params == {"seed": "1"}


def test_keys_mlflow_would_refuse_are_cleaned():
    assert mlflow_export.key("check.F1 (all) = ok?") == "check.F1 _all_ : ok_"
    assert len(mlflow_export.key("x" * 400)) == 250


@pytest.mark.parametrize("make", ["file", "tests"])
def test_a_test_path_given_as_the_store_is_refused_before_anything_runs(tmp_path, make):
    target = tmp_path / "target"
    if make == "file":
        target = tmp_path / "test_x.py"
        target.write_text("")
    else:
        target.mkdir()
        (target / "test_x.py").write_text("")
    problem = mlflow_export.store_problem(str(target), options.MLFLOW)
    assert problem.startswith(f"{options.MLFLOW} {target}: ") and "=URI" in problem


def test_missing_mlflow_is_one_line_naming_the_extra(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        sys.modules["mlflow"] = None
        from pytest_mlaudit.report import mlflow_export
        print(mlflow_export.store_problem("mlruns", "--mlaudit-mlflow"))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == (
        "--mlaudit-mlflow needs mlflow, which is not installed: pip install 'pytest-mlaudit[mlflow]'"
    )


def test_the_plugin_logs_every_sweep_to_the_default_local_store(tmp_path):
    (tmp_path / "test_two.py").write_text(
        textwrap.dedent(
            """
            import numpy as np
            from pytest_mlaudit import Run, seed_sweep

            @seed_sweep(n=3)
            def test_a(seed):
                rng = np.random.default_rng(seed)
                y = (rng.random(80) < 0.5).astype(int)
                return Run(y, np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, 80), 0, 1))
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_ALLOW_FILE_STORE"}
    result = subprocess.run(
        # a bare option before the test paths would take the first path as its store
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            options.FLAG,
            "test_two.py",
            options.MLFLOW,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "MLflow file://" in result.stdout and "1 sweep run(s), 3 cell run(s)" in result.stdout
    assert (tmp_path / "mlruns").is_dir()
    runs = runs_of(client_for(tmp_path / "mlruns"))
    (parent,) = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    assert parent.info.run_name == "test_two.py::test_a"
    assert len(runs) == 4
    artifacts = [
        a.path
        for a in client_for(tmp_path / "mlruns").list_artifacts(parent.info.run_id, "figures")
    ]
    assert any(a.endswith("--strip-f1.png") for a in artifacts) and any(
        a.endswith("--strip-f1.svg") for a in artifacts
    )


def test_a_test_path_swallowed_by_the_bare_option_is_a_usage_error(tmp_path):
    (tmp_path / "test_two.py").write_text("def test_x():\n    pass\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", options.MLFLOW, "test_two.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 4
    assert result.stderr.strip().splitlines() == [
        f"ERROR: {options.MLFLOW} test_two.py: is a file, not an MLflow store folder (a test path? "
        f"write {options.MLFLOW}=URI, or put the option after the paths)"
    ]
    assert not (tmp_path / "mlruns").exists()


def test_mlaudit_report_exports_a_saved_report(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(sample.report(sample.precision_sweep())))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_mlaudit.cli",
            "report",
            str(path),
            "--mlflow",
            str(tmp_path / "store"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "logged 1 sweep run(s), 10 cell run(s)" in result.stdout
    assert len(runs_of(client_for(tmp_path / "store"))) == 11
