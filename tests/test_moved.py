"""The module paths of 0.1 still import for one release, with a DeprecationWarning naming the new
home, and give the same objects (pytest_mlaudit/_moved.py)."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

from pytest_mlaudit import _moved

# an old path, a name it had, and where that name lives now
CASES = [
    ("pytest_mlaudit.api", "Run", "pytest_mlaudit.core.run"),
    ("pytest_mlaudit.api", "seed_sweep", "pytest_mlaudit.sweep.decorator"),
    ("pytest_mlaudit.grid", "extend_sweep", "pytest_mlaudit.harness.decorate"),
    ("pytest_mlaudit.grid", "CellResult", "pytest_mlaudit.core.spec"),
    ("pytest_mlaudit.checks.base", "CheckResult", "pytest_mlaudit.core.check"),
    ("pytest_mlaudit.checks.precision", "PRECISION_AXIS", "pytest_mlaudit.precision.axes"),
    ("pytest_mlaudit.executors.ray", "RayExecutor", "pytest_mlaudit.runner.executors.ray"),
    ("pytest_mlaudit.diff", "compare", "pytest_mlaudit.report.diff"),
    ("pytest_mlaudit.rounding", "quantize", "pytest_mlaudit.precision.rounding"),
    ("pytest_mlaudit.mechanism", "rounding_noise_ratio", "pytest_mlaudit.precision.noise_ratio"),
    ("pytest_mlaudit.variance_sources", "decompose", "pytest_mlaudit.variance.decomposition"),
    ("pytest_mlaudit.longitudinal.marker", "BUILD_AXIS", "pytest_mlaudit.longitudinal.axes"),
]


@pytest.mark.parametrize("old, name, new", CASES)
def test_an_old_path_warns_and_gives_the_same_object(old, name, new):
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated.*import from .*{new}"):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)


def test_renamed_and_removed_names_say_where_they_went():
    for old in ("pytest_mlaudit.diff", "pytest_mlaudit.mechanism"):
        sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning):
        diff = importlib.import_module("pytest_mlaudit.diff")
        mechanism = importlib.import_module("pytest_mlaudit.mechanism")
    from pytest_mlaudit.report.schema import load

    assert diff.load_report is load
    with pytest.raises(AttributeError, match="examples/variant_calling/mechanism.py"):
        mechanism.gaussian_mixture  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        diff.nothing  # noqa: B018


def test_every_old_path_imports_and_only_old_paths_are_taken():
    code = textwrap.dedent(
        """
        import importlib, warnings
        from pytest_mlaudit import _moved
        warnings.simplefilter("ignore", DeprecationWarning)
        for old in _moved.MOVED:
            module = importlib.import_module(old)
            assert isinstance(module.__spec__.loader, _moved._MovedModules), old
        import pytest_mlaudit.core.spec as real
        assert not isinstance(real.__spec__.loader, _moved._MovedModules)
        print("ok", len(_moved.MOVED))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == f"ok {len(_moved.MOVED)}", result.stderr
