"""benchmarks/lint_real_code.py: counts, the verdict ledger's precision estimate, alone vs together."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "lint_real_code.py"

LEAKY = """\
import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("customers.csv")
y = frame["churned"]
X = frame[["tenure", "monthly_charges", "churned"]]
LogisticRegression().fit(X, y)
"""

CLEAN = """\
import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("customers.csv")
y = frame["churned"]
X = frame[["tenure", "monthly_charges"]]
LogisticRegression().fit(X, y)
"""


@pytest.fixture(scope="module")
def real_code():
    spec = importlib.util.spec_from_file_location("lint_real_code", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # Registered by name: dataclasses and the process pool's pickling look the module up there.
    sys.modules["lint_real_code"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["lint_real_code"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    repo = tmp_path / "someone+scripts"
    (repo / ".git").mkdir(parents=True)
    (repo / "nb").mkdir()
    (repo / "nb" / "leaky.py").write_text(LEAKY)
    (repo / "nb" / "clean.py").write_text(CLEAN)
    return repo


def _run(real_code, capsys, *argv) -> str:
    assert real_code.main([*map(str, argv), "--jobs", "1"]) == 0
    return capsys.readouterr().out


def test_counts_list_and_json(real_code, tree: Path, tmp_path: Path, capsys) -> None:
    out_json = tmp_path / "flags.json"
    out = _run(real_code, capsys, tree, "--list", "--json", out_json, "--rule", "MLA001")
    assert "files: 2 (parse errors: 0)" in out
    assert "flagged files: 1 (50.0 %)" in out
    assert "findings per rule: MLA001 " in out
    assert "  MLA001: 1 files flagged (50.0 %)" in out
    flags = json.loads(out_json.read_text())
    assert {f["path"] for f in flags} == {"someone+scripts/nb/leaky.py"}
    assert all(f["rule"] == "MLA001" and f["trace"] for f in flags)
    assert "someone+scripts/nb/leaky.py\n  MLA001 line " in out


def test_verdicts_give_precision_and_list_unreviewed(
    real_code, tree: Path, tmp_path: Path, capsys
) -> None:
    out_json = tmp_path / "flags.json"
    _run(real_code, capsys, tree, "--json", out_json)
    flags = json.loads(out_json.read_text())
    ledger = tmp_path / "verdicts.tsv"
    header = "path\tline\trule\tverdict\treason\n"

    ledger.write_text(header)
    out = _run(real_code, capsys, tree, "--verdicts", ledger)
    assert f"reviewed flags: 0 of {len(flags)}" in out
    assert f"not reviewed: someone+scripts/nb/leaky.py:{flags[0]['line']} MLA001" in out

    first = flags[0]
    rows = [f"{first['path']}\t{first['line']}\tMLA001\treal\tlabel column kept in X\n"]
    rows.append("someone+scripts/nb/clean.py\t3\tMLA001\tfalse\tno longer flagged\n")
    ledger.write_text(header + "".join(rows))
    out = _run(real_code, capsys, tree, "--verdicts", ledger)
    assert "real leaks: 1" in out
    assert "precision estimate (real / reviewed): 1.000" in out
    assert f"  MLA001: reviewed 1 of {len(flags)}, real 1" in out
    assert "ledger rows no current flag matches: 1" in out

    ledger.write_text(header + rows[0].replace("\treal\t", "\tfalse\t"))
    out = _run(real_code, capsys, tree, "--verdicts", ledger)
    assert "precision estimate (real / reviewed): 0.000" in out


def test_a_bad_ledger_row_is_one_line_naming_file_and_line(
    real_code, tree: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "verdicts.tsv"
    ledger.write_text("path\tline\trule\tverdict\treason\nx.py\t7\tMLA001\tmaybe\t?\n")
    with pytest.raises(SystemExit, match=r"verdicts.tsv:2: need a line number and a verdict"):
        real_code.main([str(tree), "--verdicts", str(ledger)])
    ledger.write_text("file,line\n")
    with pytest.raises(SystemExit, match=r"verdicts.tsv:1: header must be"):
        real_code.main([str(tree), "--verdicts", str(ledger)])


def test_alone_matches_together_for_unrelated_scripts(real_code, tree: Path, capsys) -> None:
    out = _run(real_code, capsys, tree, "--alone")
    assert "alone vs together: 2 files linted one by one" in out
    assert "flagged files when linted alone: 1 (50.0 %)" in out
    assert "files whose findings differ: 0" in out


def test_missing_path_is_a_usage_error(real_code, tmp_path: Path, capsys) -> None:
    assert real_code.main([str(tmp_path / "nowhere")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_rule_is_repeatable_and_selects_opt_in_rules(real_code, tree: Path, capsys) -> None:
    out = _run(real_code, capsys, tree, "--rule", "MLA001", "--rule", "MLA003")
    assert "flagged files: 1 (50.0 %)" in out
    assert "  MLA001: 1 files flagged (50.0 %)" in out
    assert "MLA003:" not in out  # nothing to resample in the tree
