"""Loading the plugin (and collecting sweep tests, with the report and MLflow options given) imports
neither numpy, scipy, torch, pysam, matplotlib nor mlflow."""

import subprocess
import sys
import textwrap

HEAVY = ("numpy", "scipy", "torch", "pysam", "matplotlib", "mlflow")


def test_importing_the_plugin_and_package_is_light():
    code = textwrap.dedent(
        f"""
        import sys
        import pytest_mlaudit.plugin, pytest_mlaudit
        from pytest_mlaudit import seed_sweep, Run
        heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
        assert not heavy, heavy
        print("light")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "light"


def test_collecting_sweep_tests_is_light(tmp_path):
    (tmp_path / "test_sweeps.py").write_text(
        textwrap.dedent(
            """
            from pytest_mlaudit import seed_sweep

            @seed_sweep(n=50, reference=(12, 50), max_collapse_rate=0.1)
            def test_sweep(seed):
                raise AssertionError("collection must not run the sweep")
            """
        )
    )
    code = textwrap.dedent(
        f"""
        import sys, pytest
        code = pytest.main(["--co", "-q", "--mlaudit", "-p", "no:cacheprovider", {str(tmp_path)!r},
                            "--mlaudit-report", {str(tmp_path / "out" / "r.json")!r},
                            "--mlaudit-mlflow", {str(tmp_path / "mlruns")!r}])
        heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
        print("HEAVY", heavy, "EXIT", int(code))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "HEAVY [] EXIT 0" in result.stdout, result.stdout + result.stderr
    assert "test_sweep" in result.stdout


def test_every_public_name_resolves():
    import pytest_mlaudit

    for name in pytest_mlaudit.__all__:
        assert callable(getattr(pytest_mlaudit, name)), name
