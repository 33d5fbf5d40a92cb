"""The environment fingerprint: BLAS pools (threadpoolctl), the git state of the tested repository,
the packages the test modules import, and datasets hashed into the report."""

import json
import subprocess

import numpy as np
import pandas as pd
import pytest

from pytest_mlaudit import dataset_hash, options, record_dataset
from pytest_mlaudit.report import environment


def test_blas_vendor_and_thread_pools_are_recorded():
    pools = environment.fingerprint()["blas"]
    assert pools, "numpy is loaded, so its BLAS is"
    blas = [p for p in pools if p["user_api"] == "blas"]
    assert blas and blas[0]["internal_api"] in (
        "openblas",
        "mkl",
        "blis",
        "flexiblas",
        "accelerate",
    )
    assert isinstance(blas[0]["num_threads"], int) and blas[0]["version"]


def test_packages_are_the_ones_the_test_modules_import(tmp_path):
    with_sklearn = tmp_path / "test_a.py"
    with_sklearn.write_text("import sklearn.linear_model\nfrom scipy import stats\nimport os\n")
    plain = tmp_path / "test_b.py"
    plain.write_text("import os\n")
    found = environment.fingerprint(test_paths=[with_sklearn])["packages"]
    assert found["scikit-learn"] and found["scipy"]
    bare = environment.fingerprint(test_paths=[plain])["packages"]
    assert "scikit-learn" not in bare and "scipy" not in bare
    assert {"pytest-mlaudit", "pytest", "numpy"} <= set(bare)


def test_packages_follow_imports_into_the_projects_own_modules(tmp_path, monkeypatch):
    (tmp_path / "helper_mod_x.py").write_text("import pandas\n")
    test = tmp_path / "test_c.py"
    test.write_text("import helper_mod_x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("helper_mod_x")
    assert "pandas" in environment.fingerprint(test_paths=[test])["packages"]


def _git(folder, *arguments):
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_git_commit_and_dirty_state_of_the_tested_repository(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.org")
    _git(tmp_path, "config", "user.name", "t")
    test = tmp_path / "test_x.py"
    test.write_text("x = 1\n")
    _git(tmp_path, "add", "test_x.py")
    _git(tmp_path, "commit", "-qm", "first")
    environment._git.cache_clear()
    state = environment.fingerprint(test_paths=[test])["git"]
    assert state["commit"] == _git(tmp_path, "rev-parse", "HEAD") and state["dirty"] is False
    test.write_text("x = 2\n")
    environment._git.cache_clear()
    assert environment.fingerprint(test_paths=[test])["git"]["dirty"] is True


def test_outside_a_git_tree_git_is_none(tmp_path):
    environment._git.cache_clear()
    assert environment.git_state([tmp_path]) is None


def test_dataset_hash_is_stable_and_sensitive(tmp_path):
    x = np.arange(12, dtype=float).reshape(3, 4)
    assert dataset_hash(x) == dataset_hash(x.copy())
    assert dataset_hash(x) != dataset_hash(x.astype(np.float32))
    assert dataset_hash(x) != dataset_hash(x.reshape(4, 3))
    changed = x.copy()
    changed[1, 1] += 1e-12
    assert dataset_hash(x) != dataset_hash(changed)
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, 0.25]})
    assert dataset_hash(frame) == dataset_hash(frame.copy())
    assert dataset_hash(frame) != dataset_hash(frame.rename(columns={"b": "c"}))
    file = tmp_path / "data.csv"
    file.write_text("a,b\n1,2\n")
    first = dataset_hash(file)
    file.write_text("a,b\n1,3\n")
    assert dataset_hash(str(file)) != first
    with pytest.raises(FileNotFoundError, match="neither a file nor a directory"):
        dataset_hash(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="cannot hash an array of Python objects"):
        dataset_hash([object()])


def test_a_recorded_dataset_reaches_the_report(pytester):
    pytester.makepyfile(
        test_a="""
import numpy as np
import pytest
from pytest_mlaudit import Run, record_dataset, seed_sweep

@pytest.fixture
def data():
    y = (np.arange(200) % 3 == 0).astype(int)
    record_dataset("test split", y)
    return y

@seed_sweep(n=2)
def test_sweep(data, seed):
    return Run(data, np.clip(0.3 + 0.4 * data + np.random.normal(0, 0.1, data.size), 0, 1))
"""
    )
    result = pytester.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    report = json.loads((pytester.path / "r.json").read_text())
    y = (np.arange(200) % 3 == 0).astype(int)
    recorded = report["environment"]["datasets"]["test split"]
    assert recorded["sha256"] == dataset_hash(y)
    assert recorded["parts"] == ["array int64 (200,)"]
    assert report["sweeps"][0]["environment"]["packages"]["numpy"] == np.__version__
    assert report["environment"]["blas"]


def test_record_dataset_returns_the_hash_and_checks_its_name():
    assert record_dataset("x", b"abc") == dataset_hash(b"abc")
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        record_dataset("", b"abc")
