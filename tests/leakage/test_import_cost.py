"""Importing the probe, twin and consistency modules must not load numpy, scipy or torch."""

import subprocess
import sys


def test_public_modules_import_nothing_heavy():
    code = (
        "import sys\n"
        "import pytest_mlaudit.synthetic.decorator, pytest_mlaudit.leakage, pytest_mlaudit.synthetic\n"
        "import pytest_mlaudit.leakage.decorator, pytest_mlaudit.synthetic.checks\n"
        "from pytest_mlaudit import synthetic_real_consistency\n"
        "from pytest_mlaudit.leakage import counterfactual_noise\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'torch', 'pandas') if m in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
