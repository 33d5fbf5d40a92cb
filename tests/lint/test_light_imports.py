"""Loading and running the linter imports none of numpy, scipy, torch, pysam, nor the pytest plugin."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

HEAVY = ["numpy", "scipy", "torch", "pysam", "pandas", "pytest_mlaudit"]


def run_python(code: str, cwd) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_a_full_lint_run_in_process_and_in_workers_imports_nothing_heavy(tmp_path):
    for index in range(6):
        (tmp_path / f"m{index}.py").write_text(
            "import numpy as np\nimport torch\n\ndef extract_features(row, label):\n    return [row.depth, label]\n"
        )
    (tmp_path / "nb.ipynb").write_text(
        json.dumps({"cells": [{"cell_type": "code", "source": ["import scipy\n"]}], "nbformat": 4})
    )
    report = run_python(
        f"""
        import json, sys
        from mlaudit_lint.cli import main
        from mlaudit_lint import workers
        from mlaudit_lint.ftypes import Config
        heavy = {HEAVY!r}
        status = main(["--no-cache", "--jobs", "2", "--format", "sarif", "."])
        # What a worker process runs, run here: parse + summarize + syntax check.
        workers.summarize_text(open("m0.py").read(), path="m0.py", module_name="m0", config=Config())
        workers.check_syntax("import torch\\n", path="x.py")
        loaded = [name for name in heavy if name in sys.modules]
        print(json.dumps({{"status": status, "loaded": loaded}}))
        """,
        cwd=tmp_path,
    )
    assert report == {"status": 1, "loaded": []}


def test_importing_the_package_modules_is_light(tmp_path):
    report = run_python(
        f"""
        import json, sys
        import mlaudit_lint, mlaudit_lint.api, mlaudit_lint.cli, mlaudit_lint.engine, mlaudit_lint.workers
        import mlaudit_lint.output.text, mlaudit_lint.output.json, mlaudit_lint.output.sarif
        import mlaudit_lint.rules, mlaudit_lint.dataflow, mlaudit_lint.notebooks, mlaudit_lint.cache
        print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
        """,
        cwd=tmp_path,
    )
    assert report == []
