"""The engine: which files are read, parse once, cache, workers, context files, errors that never crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlaudit_lint import discovery, notebooks
from mlaudit_lint.api import LintStats, lint_paths

# A leak the real MLA001 reports in isolation: the label parameter goes into the returned features.
LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
CLEAN = "def extract_features(row):\n    return [row.depth, row.quality]\n"
FEATURES_CROSS = "def extract_features(depth, is_var, vaf):\n    low_vaf = float(is_var and vaf < 0.05)\n    return [depth, low_vaf]\n"
PIPELINE_CROSS = (
    "from features import extract_features\n\n\n"
    "def build(rows):\n"
    "    table = []\n"
    "    for row in rows:\n"
    "        is_var = row.label\n"
    "        table.append(extract_features(row.depth, is_var=is_var, vaf=row.vaf))\n"
    "    return table\n"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def tree(files: dict[str, str], root: Path | None = None) -> Path:
    root = root or Path.cwd()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def run(paths=(".",), **options):
    stats = LintStats()
    results = list(lint_paths(list(paths), stats=stats, **options))
    return results, stats


def located(results):
    return sorted(
        (r.path, (r.finding or r.error).line, r.finding.code if r.finding else "error")
        for r in results
    )


# --- discovery -----------------------------------------------------------------------------------


def test_directories_recurse_and_skip_vcs_venvs_caches_and_builds():
    tree(
        {
            "pkg/__init__.py": "",
            "pkg/model.py": LEAKY,
            "nb/explore.ipynb": json.dumps(
                {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            ),
            "README.md": "label",
            ".git/hooks/x.py": LEAKY,
            ".hidden/x.py": LEAKY,
            "env1/pyvenv.cfg": "home = /usr\n",
            "env1/lib/x.py": LEAKY,
            "__pycache__/x.py": LEAKY,
            "build/lib/x.py": LEAKY,
            "node_modules/x/x.py": LEAKY,
            "stuff.egg-info/x.py": LEAKY,
        }
    )
    found = [p.relative_to(Path.cwd()).as_posix() for p, _ in discovery.walk(["."])]
    assert found == ["nb/explore.ipynb", "pkg/__init__.py", "pkg/model.py"]


def test_a_file_named_explicitly_is_linted_even_in_a_skipped_directory():
    tree({"build/gen.py": LEAKY})
    results, stats = run(["build/gen.py"])
    assert stats.files == 1
    assert located(results) == [("build/gen.py", 2, "MLA001")]


def test_exclude_globs_apply_relative_to_their_pyproject_and_to_named_files():
    tree(
        {
            "pyproject.toml": '[tool.mlaudit]\nexclude = ["legacy", "gen/*_pb2.py", "scratch_*.py"]\n',
            "legacy/old.py": LEAKY,
            "gen/api_pb2.py": LEAKY,
            "gen/keep.py": LEAKY,
            "deep/scratch_1.py": LEAKY,
            "main.py": LEAKY,
        }
    )
    results, stats = run()
    assert located(results) == [("gen/keep.py", 2, "MLA001"), ("main.py", 2, "MLA001")]
    assert stats.files == 2
    results, stats = run(["legacy/old.py"])  # what pre-commit does: name the file
    assert results == [] and stats.files == 0


def test_module_names_follow_init_files_as_python_does(tmp_path):
    tree(
        {
            "src/pkg/__init__.py": "",
            "src/pkg/sub/__init__.py": "",
            "src/pkg/sub/mod.py": "",
            "script.py": "",
        }
    )
    cwd = Path.cwd()
    assert discovery.module_name_of(cwd / "src/pkg/sub/mod.py") == ("pkg.sub.mod", cwd / "src")
    assert discovery.module_name_of(cwd / "src/pkg/sub/__init__.py") == ("pkg.sub", cwd / "src")
    assert discovery.module_name_of(cwd / "script.py") == ("script", cwd)


def test_imports_are_read_textually_including_relative_and_parenthesized_forms():
    text = (
        "import os, numpy as np\n"
        "import pkg.features as f\n"
        "from . import helpers\n"
        "from ..common import (\n    load,\n    save as store,\n)\n"
        "from .local import *\n"
        "    from lazy import thing  # indented imports count too\n"
    )
    found = discovery.imported_modules(text, "pkg.sub.mod", is_package=False)
    assert {
        "os",
        "numpy",
        "pkg",
        "pkg.features",
        "pkg.sub.helpers",
        "pkg.common",
        "pkg.common.load",
        "pkg.common.save",
        "pkg.sub.local",
        "lazy",
        "lazy.thing",
    } <= found
    assert "pkg.sub.local.*" not in found and "np" not in found


# --- notebooks -----------------------------------------------------------------------------------


def notebook(cells: list[tuple[str, list[str]]]) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": kind,
                    "metadata": {},
                    "source": source,
                    **({"outputs": [], "execution_count": None} if kind == "code" else {}),
                }
                for kind, source in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def test_notebook_code_lines_sit_on_the_lines_of_the_ipynb_file():
    raw = notebook(
        [
            ("markdown", ["# Features\n", "text"]),
            ("code", ["%matplotlib inline\n", "import numpy as np\n", "x = 1"]),
            ("code", ["!pip install thing\n", "for i in range(2):\n", "    np?\n", "    y = i"]),
            ("code", ["%%bash\n", "echo not python"]),
        ]
    )
    source = notebooks.to_python(raw)
    file_lines = raw.split("\n")
    for line, (cell, cell_line) in source.origins.items():
        module_line = source.text.split("\n")[line - 1]
        assert cell in (2, 3)
        stored = json.loads(file_lines[line - 1].strip().rstrip(","))
        if not stored.lstrip().startswith(("%", "!")) and not stored.rstrip().endswith("?"):
            assert module_line == stored.rstrip("\n")
    assert [source.origins[k] for k in sorted(source.origins)] == [
        (2, 1),
        (2, 2),
        (2, 3),
        (3, 1),
        (3, 2),
        (3, 3),
        (3, 4),
    ]
    compile(source.text, "nb", "exec")  # magics became valid Python


def test_a_notebook_whose_sources_are_single_strings_stacks_its_cells():
    raw = json.dumps(
        {
            "cells": [
                {"cell_type": "code", "source": "a = 1\nb = 2\n"},
                {"cell_type": "code", "source": "c = 3"},
            ],
            "nbformat": 4,
        }
    )
    source = notebooks.to_python(raw)
    assert source.text == "a = 1\nb = 2\n\nc = 3\n"
    assert source.origins == {1: (1, 1), 2: (1, 2), 4: (2, 1)}


def test_identical_text_in_an_earlier_output_is_not_taken_for_the_source():
    raw = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "outputs": [{"output_type": "stream", "text": ["z = 2\n"]}],
                    "source": ["print(1)\n"],
                },
                {"cell_type": "code", "outputs": [], "source": ["z = 2\n"]},
            ],
            "nbformat": 4,
        },
        indent=1,
        sort_keys=True,
    )
    source = notebooks.to_python(raw)
    (line,) = [line for line, origin in source.origins.items() if origin == (2, 1)]
    assert '"z = 2\\n"' in raw.split("\n")[line - 1]
    assert raw.split("\n")[line - 2].strip().startswith('"source"')


def test_findings_in_notebooks_point_at_the_ipynb_line_of_the_code():
    tree(
        {
            "explore.ipynb": notebook(
                [
                    ("markdown", ["intro"]),
                    ("code", ["import numpy as np\n"]),
                    ("code", LEAKY.splitlines(keepends=True)),
                ]
            )
        }
    )
    results, _ = run()
    (result,) = results
    raw_line = Path("explore.ipynb").read_text().split("\n")[result.finding.line - 1]
    assert "return [row.depth, label * 2]" in raw_line
    assert notebooks.read_notebook(Path("explore.ipynb")).locate(result.finding.line) == (3, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid notebook: Expecting property name"),
        ('{"cells": 3}', "invalid notebook: no 'cells' list"),
    ],
)
def test_a_broken_notebook_is_an_error_result_and_the_rest_is_linted(content, message):
    tree({"bad.ipynb": content, "leak.py": LEAKY})
    results, _ = run()
    assert located(results) == [("bad.ipynb", 1, "error"), ("leak.py", 2, "MLA001")]
    assert results[0].error.message.startswith(message)


# --- errors --------------------------------------------------------------------------------------


def test_a_file_that_does_not_parse_is_reported_and_the_others_still_linted():
    tree(
        {
            "a_broken.py": "def f(:\n    pass\n",
            "b_leak.py": LEAKY,
            "c_clean.py": CLEAN,
            "d_plain.py": "x = (1,\n",
        }
    )
    results, stats = run()
    assert located(results) == [
        ("a_broken.py", 1, "error"),
        ("b_leak.py", 2, "MLA001"),
        ("d_plain.py", 1, "error"),
    ]
    assert (
        results[0].error.column == 7 and results[0].error.message == "syntax error: invalid syntax"
    )
    assert results[2].error.message == "syntax error: '(' was never closed"
    assert (stats.errors, stats.findings, stats.files) == (2, 1, 4)


def test_undecodable_and_missing_files_are_error_results():
    Path("latin.py").write_bytes(b"# -*- coding: klingon -*-\nx = 1\n")
    Path("bad_utf8.py").write_bytes(b"label = '\xff'\n")
    results, _ = run([".", "missing.py"])
    messages = {r.path: r.error.message for r in results}
    assert messages["missing.py"] == "no such file or directory"
    assert messages["latin.py"].startswith("cannot decode file: unknown encoding")
    assert messages["bad_utf8.py"].startswith("cannot decode file")


def test_newer_syntax_that_libcst_accepts_is_not_a_syntax_error():
    # `except*` needs Python 3.11's parser; libcst has the last word for what CPython refuses.
    tree(
        {
            "new.py": "try:\n    pass\nexcept* ValueError:\n    pass\n",
            "match.py": "match x:\n    case 1:\n        pass\n",
        }
    )
    results, _ = run()
    assert results == []


def test_a_crash_in_the_analysis_costs_one_file_not_the_run(monkeypatch):
    import mlaudit_lint.dataflow as dataflow

    real = dataflow.summarize_source

    def fragile(text, *, path, module_name):
        if path == "boom.py":
            raise KeyError("surprise")
        return real(text, path=path, module_name=module_name)

    monkeypatch.setattr(dataflow, "summarize_source", fragile)
    tree({"boom.py": LEAKY, "leak.py": LEAKY})
    results, _ = run(jobs=1)
    assert located(results) == [("boom.py", 1, "error"), ("leak.py", 2, "MLA001")]
    assert results[0].error.message == "internal error while analysing: KeyError: 'surprise'"


def test_a_crash_in_the_rules_is_an_error_result(monkeypatch):
    import mlaudit_lint.rules as rules

    def broken(facts, config, *family):
        raise RuntimeError("rule bug")
        yield  # pragma: no cover

    monkeypatch.setattr(rules, "run_rules", broken)
    tree({"leak.py": LEAKY})
    results, _ = run(cache=False)
    assert [r.error.message for r in results] == [
        "internal error in rules MLA001: RuntimeError: rule bug"
    ]


# --- cross-module, context files, collisions -----------------------------------------------------


def test_a_leak_across_two_modules_is_found():
    tree({"features.py": FEATURES_CROSS, "pipeline.py": PIPELINE_CROSS})
    results, _ = run()
    (result,) = results
    assert (result.path, result.finding.line) == ("features.py", 3)
    assert [step.path for step in result.finding.trace][:1] == ["pipeline.py"]


def test_naming_only_the_importer_follows_the_import_within_the_project():
    """pre-commit passes only the changed file; the unchanged module it imports is read as context."""
    tree({"pyproject.toml": "", "features.py": FEATURES_CROSS, "pipeline.py": PIPELINE_CROSS})
    results, stats = run(["pipeline.py"])
    assert located(results) == [("features.py", 3, "MLA001")]
    assert stats.files == 1 and stats.analysed == 2


def test_imports_are_not_followed_out_of_the_project(tmp_path):
    outside = tmp_path / "outside"
    tree({"features.py": FEATURES_CROSS}, root=outside)
    tree(
        {
            "pyproject.toml": "",
            "pipeline.py": PIPELINE_CROSS.replace("from features", "from outside.features"),
        }
    )
    results, stats = run(["pipeline.py"])
    assert results == [] and stats.analysed == 1


def test_two_scripts_with_the_same_module_name_are_linked_apart():
    tree(
        {
            "a/features.py": FEATURES_CROSS,
            "a/pipeline.py": PIPELINE_CROSS,
            "b/features.py": CLEAN,
            "b/pipeline.py": PIPELINE_CROSS.replace("is_var=is_var, vaf=row.vaf", "").replace(
                "row.depth, ", "row"
            ),
        }
    )
    results, _ = run()
    assert located(results) == [("a/features.py", 3, "MLA001")]


# Cache and worker tests: tests/lint/test_cache_lint.py and tests/lint/test_isolation_lint.py.


# --- context independence ------------------------------------------------------------------------

CORPORA = [
    Path(__file__).resolve().parents[1] / name for name in ("lint_corpus", "lint_corpus_holdout")
]


def _finding_key(result):
    finding = result.finding
    if finding is None:
        return (result.path, result.error.line, "error", result.error.message, ())
    trace = tuple((step.path, step.line, step.description) for step in finding.trace)
    return (result.path, finding.line, finding.code, finding.message, trace)


def test_a_files_findings_do_not_depend_on_the_unrelated_files_linted_with_it():
    """Every corpus case linted alone gives exactly the findings (messages and traces too) it gets
    when linted in one run with all the other cases: no label, model or cell of one program leaks
    into another."""
    cases = []
    for corpus in CORPORA:
        for case in sorted(corpus.iterdir()):
            meta_file = case / "expected.json"
            if not meta_file.is_file() or json.loads(meta_file.read_text()).get("config"):
                continue
            files = {
                f"{corpus.name}/{case.name}/{p.relative_to(case).as_posix()}": p.read_text()
                for p in case.rglob("*.py")
            }
            cases.append((f"{corpus.name}/{case.name}", files))
    assert len(cases) > 150
    tree({name: text for _, files in cases for name, text in files.items()})
    together, _ = run(["."], jobs=1, cache=False)
    assert together, "the corpora hold leaks"
    by_case: dict[str, list] = {}
    for result in together:
        by_case.setdefault("/".join(result.path.split("/")[:2]), []).append(_finding_key(result))
    for directory, _ in cases:
        alone, _ = run([directory], jobs=1, cache=False)
        assert sorted(_finding_key(r) for r in alone) == sorted(by_case.get(directory, [])), (
            directory
        )
