"""The dataflow engine: the IR, deep input, linking, flow and column sensitivity, the policy API."""

from __future__ import annotations

import ast
import dataclasses
import sysconfig
import textwrap
import typing
from enum import Enum
from pathlib import Path

import pytest

from mlaudit_lint.dataflow import AnalysisError, Policy, ir, solve, summarize_source
from mlaudit_lint.dataflow.policy import CallEffect, Shape, Sink, Source
from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources, may_contain_flows, module_name_for, run_rules


def _code(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def _ir(text: str, path: str = "m.py") -> ir.ModuleIR:
    return summarize_source(_code(text), path=path, module_name=module_name_for(path))


def _lint(files: dict[str, str], **config) -> list[tuple[str, int]]:
    found = lint_sources({k: _code(v) for k, v in files.items()}, Config(**config))
    return [(f.path, f.line) for f in found]


# --- the IR ----------------------------------------------------------------------------------------

_PLAIN = (str, int, float, bool, type(None))


def _allowed(hint) -> bool:
    origin = typing.get_origin(hint)
    if origin is None:
        return hint in _PLAIN or hint in ir.IR_TYPES
    if origin in (tuple, frozenset, typing.Union, __import__("types").UnionType):
        return all(_allowed(a) for a in typing.get_args(hint) if a is not Ellipsis)
    return False


def test_ir_types_are_frozen_plain_data() -> None:
    """What the cache stores: frozen dataclasses of plain values (no functions, no objects)."""
    for cls in ir.IR_TYPES:
        if issubclass(cls, Enum):
            continue
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls
        for name, hint in typing.get_type_hints(cls, vars(ir)).items():
            assert _allowed(hint), f"{cls.__name__}.{name}: {hint}"


def test_ir_is_deterministic_and_names_what_the_code_does() -> None:
    source = """
        import numpy as np

        def f(X, y):
            X = np.column_stack([X, y])
            return X
        """
    first, second = _ir(source), _ir(source)
    assert first == second
    (function,) = [f for f in first.functions if f.qualname == "f"]
    assert [p.name for p in function.params] == ["X", "y"]
    assign = function.body[1]
    assert isinstance(assign, ir.Assign) and assign.user_name == "X"
    assert isinstance(assign.value, ir.MethodCall) and assign.value.name == "column_stack"
    assert assign.span == ir.Span(4, 9, 4, 32)
    assert first.imports == (ir.ImportIR("np", "numpy", None, 0),)


def test_spans_count_characters_not_bytes() -> None:
    module = _ir("naïve = 1\nx = naïve + 1\n")
    assign = module.functions[0].body[1]
    assert assign.span == ir.Span(2, 5, 2, 14)


def test_scopes_locals_globals_and_closures() -> None:
    module = _ir(
        """
        total = 0
        def outer(a):
            b = a
            def inner():
                return b + total
            return inner
        """
    )
    inner = next(f for f in module.functions if f.name == "inner")
    reads = [
        op for s in inner.body if isinstance(s, ir.Assign) for op in (s.value.left, s.value.right)
    ]
    assert reads == [ir.Var("b", ir.Scope.FREE), ir.Var("total", ir.Scope.GLOBAL)]
    assert inner.parent == "outer"


@pytest.mark.parametrize("terms", [500, 5_000, 50_000])
def test_long_sums_are_analysed_not_dropped(terms: int) -> None:
    """A sum of thousands of terms lowers to flat IR (no recursion per term) and still leaks."""
    total = " + ".join(f"a{i}" for i in range(terms - 1)) + " + label"
    source = (
        "from sklearn.linear_model import LogisticRegression\n"
        f"def fit(label):\n    X = {total}\n    return LogisticRegression().fit(X, label)\n"
    )
    assert _lint({"m.py": source}) == [("m.py", 3)]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "more than 200 nested brackets"),
        ("x = " + "lambda: " * 300 + "1\n", "functions nested deeper than 100"),
    ],
)
def test_pathological_nesting_is_too_complex_not_a_crash(source: str, reason: str) -> None:
    with pytest.raises(AnalysisError) as caught:
        summarize_source(source, path="m.py", module_name="m")
    assert caught.value.too_complex and reason in caught.value.message


def test_long_attribute_and_call_chains_lower_iteratively() -> None:
    module = _ir("x = a" + ".b()" * 20_000 + "\n")
    assert len(module.functions[0].body) == 20_000


# --- linking -------------------------------------------------------------------------------------


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


def test_mutual_recursion_across_modules_finds_the_leak() -> None:
    """f(label) -> g(x) -> f(...): the label returned through the cycle reaches the model."""
    files = {
        "f.py": """
            from g import g

            def f(values, depth):
                if depth == 0:
                    return 0
                return g(values, depth - 1)
            """,
        "g.py": """
            import f as fmod

            def g(values, depth):
                return values * 2 + fmod.f(values, depth)
            """,
        "train.py": """
            import numpy as np
            from sklearn.svm import SVC
            from f import f

            def train(X, y):
                echoed = f(y, 3)
                return SVC().fit(np.column_stack([X, echoed]), y)
            """,
    }
    assert _lint(files) == [("train.py", 7)]
    files["g.py"] = files["g.py"].replace("values * 2 + ", "")
    assert _lint(files) == []


# --- flow sensitivity ----------------------------------------------------------------------------


def test_a_rebinding_replaces_the_old_value() -> None:
    source = """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def fit(X, y):
            extra = np.asarray(y)
            extra = {rebinding}
            return LogisticRegression().fit(np.column_stack([X, extra]), y)
        """
    assert _lint({"m.py": source.replace("{rebinding}", "np.zeros(len(X))")}) == []
    assert _lint({"m.py": source.replace("{rebinding}", "extra * 2")}) == [("m.py", 7)]


def test_main_guard_runs_and_rebinds() -> None:
    source = """
        import pandas as pd
        from sklearn.tree import DecisionTreeClassifier

        df = pd.read_csv("train.csv")
        y = df["churn"]
        X = df
        if __name__ == "__main__":
            X = df.drop(columns=["churn"])
            DecisionTreeClassifier().fit(X, y)
        """
    assert _lint({"m.py": source}) == []


def test_after_a_branch_a_variable_holds_what_either_branch_left() -> None:
    source = """
        import pandas as pd
        from sklearn.tree import DecisionTreeClassifier

        df = pd.read_csv("train.csv")
        y = df["churn"]
        if len(df) > 100:
            X = df.drop(columns=["churn"])
        else:
            X = df
        DecisionTreeClassifier().fit(X, y)
        """
    assert _lint({"m.py": source}) == [("m.py", 9)]  # where the feature matrix is made


def test_cells_run_in_order_and_flows_never_run_backwards() -> None:
    source = """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression

        train = pd.read_csv("train.csv")
        test = pd.read_csv("test.csv")
        y = train["Survived"]
        data = pd.concat([train.drop("Survived", axis=1), test])
        data["Fare"] = data["Fare"].fillna(data["Fare"].median())
        train = data[:891]
        LogisticRegression().fit(train, y)
        """
    assert _lint({"nb.py": source}) == []


# --- columns -------------------------------------------------------------------------------------

_FRAME = """
    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier

    df = pd.read_csv("data.csv")
    y = df["target"]
    {prepare}
    RandomForestClassifier().fit(X, y)
    """


@pytest.mark.parametrize(
    ("prepare", "leaks"),
    [
        ("X = df", True),
        ("X = df.drop('target', axis=1)", False),
        ("X = df.drop(columns=['target', 'id'])", False),
        ("df.drop('target', axis=1, inplace=True)\nX = df", False),
        ("del df['target']\nX = df", False),
        ("df.pop('target')\nX = df", False),
        ("X = df[[c for c in df.columns if c != 'target']]", False),
        ("X = df[df.columns.difference(['target'])]", False),
        ("X = df[['age', 'target']]", True),
        ("X = df[['age', 'target']].drop(columns='target')", False),
        ("X = df.iloc[:, 1:]", False),
        ("X = df[df.columns[1:]]", False),
        ("X = pd.get_dummies(df).drop('target', axis=1)", False),
        (
            "df['rate'] = df.groupby('shop')['target'].transform('mean')\nX = df.drop(columns='target')",
            True,
        ),
        ("X = df.select_dtypes('number')", True),
        ("X = df.drop('target', axis=1).values", False),
        ("X = df.values", True),
    ],
)
def test_frames_are_followed_column_by_column(prepare: str, leaks: bool) -> None:
    source = _code(_FRAME).replace("{prepare}", prepare)
    found = lint_sources({"m.py": source})
    assert bool(found) == leaks, [f.message for f in found]


def test_the_step_that_carries_the_label_past_a_drop_is_named() -> None:
    source = _code(_FRAME).replace(
        "{prepare}",
        "df['rate'] = df.groupby('shop')['target'].transform('mean')\n"
        "X = df.drop(columns='target')",
    )
    (finding,) = lint_sources({"m.py": source})
    assert "column 'rate' kept when target dropped" in finding.message
    assert finding.trace[0].line == 6  # the label column's read, where the label value is made


# --- the policy API: a second rule needs no engine change ---------------------------------------------


class _OpenReachesEval(Policy):
    """A rule defined here only: a value read from `open()` must never reach `eval`."""

    code = "TEST1"

    def on_call(self, event):
        if event.name == "open" and event.receiver is None:
            site = event.site
            return CallEffect(source=Source(("TEST1", site.span.line), "open()"))
        if event.name == "eval":
            return CallEffect(sinks=(Sink("argument of eval()", position=0),))
        return None


def test_a_second_rule_gets_its_flows_without_any_engine_change() -> None:
    files = {
        "io_helpers.py": "def read_config(path):\n    with open(path) as fh:\n        return fh.read()\n",
        "main.py": _code(
            """
            from io_helpers import read_config

            def load(path):
                text = read_config(path).strip()
                settings = eval(text)
                safe = eval("1 + 2")
                return settings, safe
            """
        ),
    }
    modules = {
        p: summarize_source(t, path=p, module_name=module_name_for(p)) for p, t in files.items()
    }
    results = solve(modules.values(), [_OpenReachesEval()])
    flows = results["TEST1"].flows
    assert [(f.path, f.span.line) for f in flows] == [("main.py", 5)]
    (flow,) = flows
    assert flow.steps[0].description == "open()" and flow.steps[0].path == "io_helpers.py"
    assert [s.description for s in flow.steps][1:] == ["fh", "text", "argument of eval()"]


class _LearnedState(Policy):
    """A test rule: what `fit` learns lives on its receiver; `predict` must not use it."""

    code = "TEST2"

    def on_call(self, event):
        if event.name == "fit":
            key = ("TEST2", event.site.span.line)
            return CallEffect(receiver=Shape(keys={key: Source(key, "fit()")}))
        if event.name == "predict":
            return CallEffect(sinks=(Sink("receiver of predict()", receiver=True),))
        return None


@pytest.mark.parametrize("through", ["self.est", "est"])
def test_a_receiver_changed_through_an_object_field_is_seen_by_the_next_read(through) -> None:
    lines = [
        "class Search:",
        "    def __init__(self, est):",
        "        self.est = est",
        "",
        "    def run(self, X):",
        *(["        est = self.est"] if through == "est" else []),
        f"        {through}.fit(X)",
        f"        return {through}.predict(X)",
        "",
        "Search(object()).run([1])",
    ]
    modules = [summarize_source("\n".join(lines) + "\n", path="m.py", module_name="m")]
    (flow,) = solve(modules, [_LearnedState()])["TEST2"].flows
    assert flow.steps[0].description == "fit()"
    assert flow.span.line == lines.index(f"        return {through}.predict(X)") + 1


def test_policies_see_only_their_own_keys() -> None:
    """MLA001's sanitisers do not kill another policy's keys, and it never sees them."""
    source = "from sklearn.metrics import accuracy_score\ndef f(p):\n    s = accuracy_score(open(p), 1)\n    eval(s)\n"
    modules = [summarize_source(source, path="m.py", module_name="m")]
    from mlaudit_lint.rules.label_leak import LabelLeakPolicy

    results = solve(modules, [LabelLeakPolicy(Config()), _OpenReachesEval()])
    assert len(results["TEST1"].flows) == 1
    assert results["MLA001"].flows == []


# --- pre-check -----------------------------------------------------------------------------------


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
    assert not may_contain_flows("clf.fit(A, b)", Config(select=("MLA999",)))
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
    for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
        files = {p.relative_to(case).as_posix(): p.read_text() for p in case.rglob("*.py")}
        subset = _engine_subset(files)
        full = [(f.path, f.line) for f in lint_sources(files)]
        assert [(f.path, f.line) for f in lint_sources(subset)] == full, case.name


# --- robustness and known false alarms ----------------------------------------------------------


def _stdlib_sample(count: int) -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    step = max(len(files) // count, 1)
    return files[::step][:count]


def test_stdlib_sample_summarizes_and_links_without_crashing() -> None:
    modules = {}
    root = Path(sysconfig.get_paths()["stdlib"])
    for path in _stdlib_sample(120):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        rel = path.relative_to(root).as_posix()
        modules[rel] = summarize_source(text, path=rel, module_name=module_name_for(rel))
    assert len(modules) > 90
    findings = list(run_rules(modules, Config()))
    assert all(f.code == "MLA001" for f in findings)


def test_known_false_alarms_stay_fixed() -> None:
    # statistics.NormalDist.overlap swaps `X, Y = Y, X` in a module importing only the stdlib;
    # tests/synthetic/test_twins.py plants signal in X from a label drawn by np.repeat.
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
    # issue 13: a feature-named variable that never reaches a model is not a sink any more
    # (an EDA table named `X_leaky` is not model input); the leaky frame is reported where
    # a model consumes it.
    files = {
        "enc.py": "def add_rate(df):\n    df['rate'] = df.groupby('site')['churned'].transform('mean')\n    return df\n",
        "fit.py": (
            "from sklearn.linear_model import LogisticRegression\n"
            "from enc import add_rate\n"
            "def fit(df):\n"
            "    df = add_rate(df)\n"
            "    clean = df.drop(columns=['churned', 'rate'])\n"
            "    leaky = df.drop(columns=['churned'])\n"
            "    LogisticRegression().fit(clean, df['churned'])\n"
            "    return LogisticRegression().fit(leaky, df['churned'])\n"
        ),
    }
    config = Config(labels=("churned",))
    assert [(f.path, f.line) for f in lint_sources(files, config)] == [("fit.py", 8)]


def test_a_feature_named_table_that_no_model_reads_is_not_reported() -> None:
    source = """
        import pandas as pd

        df = pd.read_csv("eda.csv")
        y = df["price"]
        features = df.describe()
        X = pd.concat([df, y], axis=1)
        print(features, X.corr())
        """
    assert _lint({"eda.py": source}) == []


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
