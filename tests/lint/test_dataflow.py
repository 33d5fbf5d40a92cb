"""The dataflow layer: line bookkeeping, picklable facts, import linking, the pre-check, robustness."""

from __future__ import annotations

import pickle
import sysconfig
import textwrap
from pathlib import Path

import libcst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from mlaudit_lint.dataflow import may_contain_flows, summarize_module
from mlaudit_lint.dataflow.lower import ModuleLowering
from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources, module_name_for, run_rules

TRICKY = textwrap.dedent(
    '''\
    """Module docstring
    over two lines."""
    import os, \\
        sys

    @decorator(
        arg=1,
    )

    def f(
        a,
        b: int = 2,
    ) -> dict[
        str, int
    ]:  # trailing
        x = (1 +
             2)
        if a and \\
                b:
            pass
        elif b: y = 3; z = 4
        else:
            for i, j in \\
                    zip(a, b):
                w = """
    text
    """
        with open(a) as fh, \\
                open(b) as gh:
            return x


    class C(
        Base,
    ):
        attr = [
            1,
        ]

        def m(self): return self.attr
        # footer comment


    match command:
        case [x, y]:
            q = 1
        case _:
            q = 2
    try:
        r = 1
    except (ValueError,
            TypeError) as error:
        r = 2
    finally:
        s = 3
    '''
)


class _Recorder(ModuleLowering):
    def __init__(self, module, positions):
        super().__init__(module, "t.py", "t")
        self.positions = positions
        self.mismatches = []

    def visit_SimpleStatementLine(self, node):
        expected = self.positions[node].start.line
        got = self.line + len(node.leading_lines)
        if expected != got:
            self.mismatches.append((expected, got))
        return super().visit_SimpleStatementLine(node)


def _line_mismatches(text: str) -> list:
    module = libcst.parse_module(text)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    recorder = _Recorder(module, positions)
    module.visit(recorder)
    return recorder.mismatches


def test_line_counter_matches_libcst_positions_on_tricky_code() -> None:
    assert _line_mismatches(TRICKY) == []


def _stdlib_sample(count: int) -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    step = max(len(files) // count, 1)
    return files[::step][:count]


def test_line_counter_matches_libcst_positions_on_stdlib_sample() -> None:
    bad = {}
    for path in _stdlib_sample(25):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            mismatches = _line_mismatches(text)
        except libcst.ParserSyntaxError:
            continue
        if mismatches:
            bad[str(path)] = mismatches[:3]
    assert bad == {}


def test_facts_are_picklable_and_deterministic() -> None:
    source = "import numpy as np\n\ndef f(X, y):\n    X = np.column_stack([X, y])\n    return X\n"
    first = summarize_module(
        libcst.parse_module(source), path="m.py", module_name="m", config=Config()
    )
    second = summarize_module(
        libcst.parse_module(source), path="m.py", module_name="m", config=Config()
    )
    restored = pickle.loads(pickle.dumps(first))
    assert restored.functions["f"].stmts == second.functions["f"].stmts
    findings = list(run_rules({"m.py": restored}, Config()))
    assert [(f.path, f.line) for f in findings] == [("m.py", 4)]
    assert findings == list(run_rules({"m.py": second}, Config()))


def test_facts_carry_suppression_comments() -> None:
    source = "# mlaudit: ignore[MLA001]\nx = 1\ny = 2  # mlaudit: ignore\n"
    facts = summarize_module(
        libcst.parse_module(source), path="m.py", module_name="m", config=Config()
    )
    assert facts.suppressions == ((1, ("MLA001",), True), (3, None, False))


@pytest.mark.parametrize(
    ("importer", "import_line", "call"),
    [
        ("pkg/train.py", "from pkg.feats import make_features", "make_features"),
        ("pkg/train.py", "from .feats import make_features", "make_features"),
        ("pkg/train.py", "from . import feats", "feats.make_features"),
        ("pkg/train.py", "import pkg.feats", "pkg.feats.make_features"),
        ("pkg/train.py", "import pkg.feats as pf", "pf.make_features"),
        ("pkg/train.py", "import feats", "feats.make_features"),
        ("pkg/train.py", "from feats import make_features as mf", "mf"),
    ],
)
def test_cross_module_resolution_forms(importer: str, import_line: str, call: str) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/feats.py": "def make_features(depth, truth_af):\n    return [depth, depth * truth_af]\n",
        importer: f"{import_line}\n\n\ndef rows(depths, afs_truth):\n"
        f"    return [{call}(d, a) for d, a in zip(depths, afs_truth)]\n",
    }
    (finding,) = lint_sources(files)
    assert (finding.path, finding.line) == ("pkg/feats.py", 2)
    assert "afs_truth (train.py:4)" in finding.message
    assert "make_features(truth_af=...)" in finding.message


def test_summaries_are_context_sensitive() -> None:
    files = {
        "util.py": "def scale(values, factor):\n    return values * factor\n",
        "train.py": (
            "from util import scale\n"
            "from sklearn.linear_model import LogisticRegression\n\n\n"
            "def fit(X, y):\n"
            "    y_scaled = scale(y, 2.0)\n"
            "    X_scaled = scale(X, 0.5)\n"
            "    return LogisticRegression().fit(X_scaled, y_scaled)\n"
        ),
    }
    assert lint_sources(files) == []


def test_recursion_and_import_cycles_terminate() -> None:
    files = {
        "a.py": "from b import g\n\ndef f(x, labels):\n    return g(x, labels) if x else labels\n",
        "b.py": "from a import f\n\ndef g(x, labels):\n    return f(x - 1, labels)\n\ndef extract_features(x, labels):\n    return [x, f(x, labels)]\n",
    }
    (finding,) = lint_sources(files)
    assert (finding.path, finding.line) == ("b.py", 7)


def test_precheck_is_false_only_without_sink_or_label_with_project_imports() -> None:
    config = Config()
    assert not may_contain_flows(
        "import os\n\ndef walk(path):\n    return os.listdir(path)\n", config
    )
    # a label word alone, in a file importing only the standard library, cannot reach a sink
    assert not may_contain_flows("import json\nlabels = json.load(open('y.json'))\n", config)
    assert may_contain_flows(
        "import json\nfrom features import f\nlabels = f(json.load(open('y.json')))\n", config
    )
    assert may_contain_flows("from .features import f\ny = f()\n", config)
    assert may_contain_flows("def f(a):\n    return a.is_var\n", Config(labels=("is_var",)))
    assert may_contain_flows("t = read_vcf(p)\n", Config(truth_sources=("io.read_vcf",)))
    for text in (
        "clf.fit(A, b)",
        "def extract_features(a): ...",
        "X = a",
        "out = model(a)",
        "crit = nn.BCELoss()",
        "l = loss_fn(a, b)",
        "ds = TensorDataset(a, b)",
        "m.partial_fit(a)",
        "p = m.predict_proba(a)",
        "x_train = a",
        "h = self.lstm(a)",
        "X_tr, X_te = a",
        "permutation_test_score(e, a, b)",
        "feats.append(a)",
        "class Reads(Dataset):\n    def __getitem__(self, i): ...",
    ):
        assert may_contain_flows(text, config), text


def _engine_subset(files: dict[str, str]) -> dict[str, str]:
    """What the engine parses: pre-check candidates plus the files they import, transitively."""
    by_module = {module_name_for(path): path for path in files}
    keep = {path for path, text in files.items() if may_contain_flows(text, Config())}
    frontier = list(keep)
    while frontier:
        text = files[frontier.pop()]
        for line in text.splitlines():
            words = line.replace(",", " ").split()
            if not words or words[0] not in ("import", "from"):
                continue
            for word in words[1:]:
                name = word.strip(".")
                for module, path in by_module.items():
                    if (
                        path not in keep
                        and name
                        and (module == name or module.endswith("." + name))
                    ):
                        keep.add(path)
                        frontier.append(path)
    return {path: files[path] for path in keep}


def test_precheck_with_import_following_keeps_every_corpus_finding() -> None:
    corpus = Path(__file__).resolve().parents[1] / "lint_corpus"
    skipped = 0
    for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
        files = {p.relative_to(case).as_posix(): p.read_text() for p in case.rglob("*.py")}
        subset = _engine_subset(files)
        skipped += len(files) - len(subset)
        full = [(f.path, f.line) for f in lint_sources(files)]
        assert [(f.path, f.line) for f in lint_sources(subset)] == full, case.name
    assert skipped >= 0


def test_stdlib_sample_summarizes_and_links_without_crashing() -> None:
    facts = {}
    root = Path(sysconfig.get_paths()["stdlib"])
    for path in _stdlib_sample(120):
        try:
            module = libcst.parse_module(path.read_text(encoding="utf-8", errors="replace"))
        except libcst.ParserSyntaxError:
            continue
        rel = path.relative_to(root).as_posix()
        facts[rel] = summarize_module(
            module, path=rel, module_name=module_name_for(rel), config=Config()
        )
    assert len(facts) > 90
    findings = list(run_rules(facts, Config()))
    assert all(f.code == "MLA001" for f in findings)


def test_known_false_alarms_stay_fixed() -> None:
    # statistics.NormalDist.overlap swaps `X, Y = Y, X` in a module importing only the stdlib;
    # tests/synthetic/test_twins.py plants signal in X from a label drawn by np.repeat.
    import sysconfig

    statistics_py = Path(sysconfig.get_paths()["stdlib"]) / "statistics.py"
    assert "X, Y = Y, X" in statistics_py.read_text()
    assert lint_sources({"statistics.py": statistics_py.read_text()}) == []
    twins = Path(__file__).resolve().parents[1] / "synthetic" / "test_twins.py"
    assert "X[:, 0] += 3 * y" in twins.read_text()
    from mlaudit_lint.api import lint_paths

    results = list(lint_paths([twins], jobs=1, cache=False))  # follows its imports, as the CLI does
    assert [(r.finding or r.error) for r in results] == []
    # the same shapes with an observed label are still reported
    observed = (
        "import numpy as np\n"
        "def load(df):\n"
        "    y = df['label'].to_numpy()\n"
        "    X = df[['a', 'b']].to_numpy()\n"
        "    X[:, 0] += 3 * y\n"
        "    return X, y\n"
    )
    assert [(f.path, f.line) for f in lint_sources({"m.py": observed})] == [("m.py", 5)]


def test_a_reported_leak_is_not_reported_again_downstream() -> None:
    files = {
        "data.py": (
            "import torch\n"
            "from torch.utils.data import DataLoader, TensorDataset\n"
            "def loader(pixels, grades):\n"
            "    both = torch.cat([pixels, grades.unsqueeze(1)], dim=1)\n"
            "    return DataLoader(TensorDataset(both, grades))\n"
        ),
        "train.py": (
            "from data import loader\n"
            "def train(net, pixels, grades):\n"
            "    for xb, yb in loader(pixels, grades):\n"
            "        out = net(xb)\n"
        ),
    }
    assert [(f.path, f.line) for f in lint_sources(files)] == [("data.py", 5)]


def test_mutated_dataframe_keeps_its_columns_apart() -> None:
    files = {
        "enc.py": "def add_rate(df):\n    df['rate'] = df.groupby('site')['churned'].transform('mean')\n    return df\n",
        "fit.py": (
            "from sklearn.linear_model import LogisticRegression\n"
            "from enc import add_rate\n"
            "def fit(df):\n"
            "    df = add_rate(df)\n"
            "    X = df.drop(columns=['churned', 'rate'])\n"
            "    X_leaky = df.drop(columns=['churned'])\n"
            "    return LogisticRegression().fit(X, df['churned'])\n"
        ),
    }
    config = Config(labels=("churned",))
    assert [(f.path, f.line) for f in lint_sources(files, config)] == [("fit.py", 6)]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("def to_row(rec):\n    return [rec.depth, rec.is_var]\n", [("fit.py", 4)]),
        ("def to_row(rec):\n    return [rec.depth, rec.qual]\n", []),
    ],
)
def test_named_function_passed_to_map_is_followed(row: str, expected: list) -> None:
    files = {
        "rows.py": row,
        "fit.py": (
            "import numpy as np\nfrom rows import to_row\ndef fit(records, model):\n"
            "    X = np.array(list(map(to_row, records)))\n"
            "    return model.fit(X, [r.is_var for r in records])\n"
        ),
    }
    assert [(f.path, f.line) for f in lint_sources(files)] == expected
