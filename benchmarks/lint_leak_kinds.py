"""Recall and precision of MLA002 (preprocessing), MLA003 (overlap) and MLA004 (multi-test).

    python benchmarks/lint_leak_kinds.py [--yang PATH] [--corpus DIR] [--verbose]

Two scores, printed per kind:

1. **Yang et al.'s own tests.** `malusamayo/leakage-analysis` (the tool of "Data Leakage in
   Notebooks: Static Detection and Better Processes", ASE 2022; default checkout
   `/work/realcode/malusamayo+leakage-analysis`, or `--yang PATH`) scores its inputs
   (`tests/inputs/*.py`) with `tests/test_preprocessing.py` and `tests/test_overlap.py`. Each
   `template("file.py", [methods])` call there names the set of *training methods* that consume
   leaked data, as their type inference names them: `"LogisticRegression.fit"`, `"Unknown.fit"`
   (a receiver pyright could not type), unions such as `"Any | Unknown | type.fit"`, and
   `"model_0"` (a PyTorch module called in a training loop; their SSA name of `model`). Those
   files are read at run time with `ast` from the path given; nothing of them is copied here.
   A method named in a comment on the same `template` line as a known limitation of their tool
   (`nb_292583.py`: `# "GridSearchCV.fit" [limitations on ...]`) is added to the expected set:
   their authors say it consumes leaked data.

   Scoring is theirs: per input file, the set of method names the rule reports is compared with
   the expected set (their test asserts set equality). A finding names its training calls as
   trace steps whose description starts with `TRAINING_STEP` ("trained by"); each such step's
   line is looked up in the input (`ast`), every training call on it (`.fit`, `.fit_generator`,
   `.partial_fit`, or a call of a bare name, a PyTorch module) is resolved to a name the way
   their labels name it, and the file's found set is the union over its findings of the kind.
   A found name matches an expected one when they are equal, or when the expected one is a union
   (`"A | B | C.fit"`) with the found name among its members. Recall = expected names matched /
   expected names; precision = found names matched / found names; both summed over the files of
   that kind's test file (a file is scored only for the kinds whose test lists it).

   How a training call is named (hand-verified on every input; `--verbose` prints each file's
   expected and found sets so the check can be repeated):
   * `Cls(...).fit(...)` -> `Cls.fit`; `make_pipeline(...)` -> `Pipeline`.
   * `name.fit(...)` -> the latest binding of `name` before the call in the same function (or at
     module level), followed through `name = other`, `name = other.fit(...)` (fit returns self)
     and calls of functions defined in the file (their returned value): a constructor `Cls(...)`
     gives `Cls`; `for name in [a, b, c]` gives the common class of `a`, `b`, `c`; anything else
     (a parameter, an attribute such as `grid.best_estimator_`, `clone(...)`, a tuple-unpacking
     loop over `zip`/`enumerate`/a list of tuples, `self.attr`) gives `Unknown`.
   * A class imported from a package their environment could not type gives `Unknown`: their
     labels type scikit-learn, imbalanced-learn, xgboost and keras classes, and name catboost's
     `CatBoostClassifier.fit` `Unknown.fit` (yogmoh_news-category.py); the packages they type are
     listed in `TYPED_PACKAGES`.
   * A PyTorch module called as `name(batch)` -> `name_0`.
   * Training calls made through functions (`cross_val_score(model, X, y)`) have no counterpart
     in their labels (which name methods on model objects only) and are not scored.

   Labels we dispute are listed in `DISPUTED` with the reason (read from the input); the
   benchmark prints the score on their labels as given, then without the disputed ones.

2. **Our corpora** (`tests/lint_corpus_kinds/<kind>/<case>/`, written for these rules, and
   `tests/lint_corpus_kinds_holdout/`, written before the rules ran on it): each case is
   a small project (`.py` files, notebooks as `.ipynb`) with `expected.json`
   (`{"expected": [{"file": ..., "line": ..., "code": "MLA002"}]}`; `[]` = must stay silent). A
   finding is a true positive when its file, line and code match an expected one; recall and
   precision are printed per code over every case, then leaky and clean cases flagged.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import signal
import sys
import time
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mlaudit_lint.ftypes import Config, Finding
from mlaudit_lint.rules import lint_sources

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_YANG = Path("/work/realcode/malusamayo+leakage-analysis")
DEFAULT_CORPORA = (
    ROOT / "tests" / "lint_corpus_kinds",
    ROOT / "tests" / "lint_corpus_kinds_holdout",
)
KINDS = {"MLA002": "preprocessing", "MLA003": "overlap", "MLA004": "multi-test"}
SELECT = Config(select=("MLA001", *KINDS))  # the four rules, whatever the defaults
YANG_TESTS = {"MLA002": "test_preprocessing.py", "MLA003": "test_overlap.py"}

# The description prefix of a trace step that names a training call (the rules use it too).
TRAINING_STEP = "trained by"
TRAINING_METHODS = frozenset({"fit", "fit_generator", "partial_fit", "train_on_batch"})
# Packages whose classes Yang et al.'s pyright environment typed (see the docstring).
TYPED_PACKAGES = frozenset({"sklearn", "imblearn", "xgboost", "keras", "tensorflow", "torch"})
FACTORIES = {"make_pipeline": "Pipeline", "make_union": "FeatureUnion"}

# (kind, input file, expected method): why we hold it is not a leak of that kind.
DISPUTED = {
    (
        "MLA002",
        "nb_1090319.py",
        "Unknown.fit",
    ): "pd.cut(df['Age'], bins, labels=...) with a fixed list of bin edges learns nothing from the rows",
    (
        "MLA002",
        "nb_1090319.py",
        "LogisticRegression.fit",
    ): "same file: the only statistic their tool saw is the fixed-bin pd.cut",
    (
        "MLA002",
        "nb_1255091.py",
        "DecisionTreeClassifier.fit",
    ): "pd.qcut columns (LatrinesBand, WaterBand) are dropped before the model's frame is built",
    (
        "MLA002",
        "nb_1255091.py",
        "KNeighborsClassifier.fit",
    ): "same file: the qcut bands never reach the features",
    (
        "MLA002",
        "nb_1255091.py",
        "RandomForestClassifier.fit",
    ): "same file: the qcut bands never reach the features",
    (
        "MLA002",
        "nb_1255091.py",
        "RandomForestRegressor | ExtraTreesRegressor | BaseForest.fit",
    ): "same file: the qcut bands never reach the features",
    (
        "MLA002",
        "nb_344814.py",
        "LogisticRegression.fit",
    ): "the mean only defines the target (high_sal = ann_sal > its mean); MLA002 reports "
    "statistics that reach a model's features (a project decision, see docs/lint_leak_kinds.md)",
}


# --------------------------------------------------------------------------- Yang's labels


def read_yang_labels(test_file: Path) -> dict[str, set[str]]:
    """`template("f.py", [methods])` calls -> {file: methods}, plus methods their comments add."""
    text = test_file.read_text()
    comments: dict[int, str] = {}
    with test_file.open("rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string
    labels: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(text)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "template"
            and len(node.args) == 2
        ):
            continue
        name, methods = (ast.literal_eval(arg) for arg in node.args)
        expected = labels.setdefault(name, set())
        expected.update(methods)
        comment = comments.get(node.end_lineno or node.lineno, "")
        if "limitation" in comment:
            expected.update(re.findall(r'"([^"]+\.fit\w*)"', comment))
    return labels


# --------------------------------------------------------------------------- naming training calls


@dataclass
class _Scope:
    node: ast.AST
    params: set[str] = field(default_factory=set)


class TrainingCallNamer:
    """Names the training calls of one input file the way Yang et al.'s labels name them."""

    def __init__(self, source: str):
        self.tree = ast.parse(source)
        self.functions: dict[str, ast.FunctionDef] = {}
        self.classes: set[str] = set()
        self.imported_from: dict[str, str] = {}
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node  # the last definition wins, as in a notebook
            elif isinstance(node, ast.ClassDef):
                self.classes.add(node.name)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imported_from[alias.asname or alias.name] = node.module.split(".")[0]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imported_from[alias.asname or alias.name.split(".")[0]] = alias.name.split(
                        "."
                    )[0]

    def training_calls_at(self, line: int) -> list[ast.Call]:
        calls = [
            node
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call) and node.lineno <= line <= (node.end_lineno or line)
        ]
        methods = [
            c
            for c in calls
            if isinstance(c.func, ast.Attribute) and c.func.attr in TRAINING_METHODS
        ]
        if methods:
            return methods
        return [
            c
            for c in calls
            if isinstance(c.func, ast.Name)
            and c.func.id not in self.functions
            and c.func.id not in self.classes
            and c.func.id not in self.imported_from
            and c.func.id not in dir(__builtins__)
        ]

    def name(self, call: ast.Call) -> str:
        if isinstance(call.func, ast.Name):
            return f"{call.func.id}_0"
        assert isinstance(call.func, ast.Attribute)
        return f"{self._class_of(call.func.value, call, depth=0)}.{call.func.attr}"

    # -- receivers

    def _class_of(self, expr: ast.AST, at: ast.AST, depth: int) -> str:
        if depth > 8:
            return "Unknown"
        if isinstance(expr, ast.Call):
            return self._class_of_call(expr, at, depth)
        if isinstance(expr, ast.Name):
            return self._class_of_name(expr.id, at, depth)
        return "Unknown"

    def _class_of_call(self, call: ast.Call, at: ast.AST, depth: int) -> str:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in TRAINING_METHODS:
            return self._class_of(func.value, at, depth + 1)  # fit returns self
        last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if last is None:
            return "Unknown"
        if last in FACTORIES:
            return FACTORIES[last]
        if isinstance(func, ast.Name) and last in self.functions:
            returned = {
                self._class_of(node.value, node, depth + 1)
                for node in ast.walk(self.functions[last])
                if isinstance(node, ast.Return) and node.value is not None
            }
            return returned.pop() if len(returned) == 1 else "Unknown"
        if not last[:1].isupper():
            return "Unknown"
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        package = self.imported_from.get(getattr(root, "id", ""), None)
        if last in self.classes or package is None or package in TYPED_PACKAGES:
            return last
        return "Unknown"

    def _enclosing_function(self, node: ast.AST) -> ast.AST:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return self.tree

    def _class_of_name(self, name: str, at: ast.AST, depth: int) -> str:
        scope = self._enclosing_function(at)
        line = getattr(at, "lineno", 0)
        binding = self._latest_binding(scope, name, line)
        if binding is None and scope is not self.tree:
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in {
                a.arg for a in scope.args.args + scope.args.kwonlyargs
            }:
                return "Unknown"
            binding = self._latest_binding(self.tree, name, 10**9)
        if binding is None:
            return "Unknown"
        kind, value, node = binding
        if kind == "assign":
            return self._class_of(value, node, depth + 1)
        if kind == "for" and isinstance(value, (ast.List, ast.Tuple)):
            classes = {self._class_of(element, node, depth + 1) for element in value.elts}
            return classes.pop() if len(classes) == 1 else "Unknown"
        return "Unknown"

    def _latest_binding(self, scope: ast.AST, name: str, line: int):
        best = None
        for node in self._walk_scope(scope):
            if getattr(node, "lineno", 10**9) >= line:
                continue
            found = None
            if isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                    found = ("assign", node.value, node)
                elif any(_binds(t, name) for t in node.targets):
                    found = ("other", None, node)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and _binds(node.target, name):
                found = ("other", None, node)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                if isinstance(node.target, ast.Name) and node.target.id == name:
                    found = ("for", node.iter, node)
                elif _binds(node.target, name):
                    found = ("other", None, node)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                if any(
                    i.optional_vars is not None and _binds(i.optional_vars, name)
                    for i in node.items
                ):
                    found = ("other", None, node)
            if found is not None and (best is None or found[2].lineno >= best[2].lineno):
                best = found
        return best

    def _walk_scope(self, scope: ast.AST) -> Iterable[ast.AST]:
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            stack.extend(ast.iter_child_nodes(node))


def _binds(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def matches(found: str, expected: str) -> bool:
    if found == expected:
        return True
    if " | " not in expected:
        return False
    method = expected.rsplit(".", 1)[-1]
    members = {f"{part.strip()}.{method}" for part in expected.rsplit(".", 1)[0].split(" | ")}
    return found in members


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    tp_expected: int = 0  # expected names (or lines) found
    expected: int = 0
    tp_found: int = 0  # found names (or findings) that match an expected one
    found: int = 0

    @property
    def recall(self) -> float:
        return self.tp_expected / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.tp_found / self.found if self.found else 1.0

    def line(self) -> str:
        return (
            f"recall {self.recall:.3f} ({self.tp_expected}/{self.expected})  "
            f"precision {self.precision:.3f} ({self.tp_found}/{self.found})"
        )


class _TimedOut(Exception):
    pass


def lint_with_timeout(files: dict[str, str], config: Config, seconds: int) -> list[Finding] | None:
    """The findings, or None when the analysis ran past `seconds` (reported, scored as silent)."""

    def expire(signum, frame):
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        return lint_sources(files, config)
    except _TimedOut:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def found_methods(findings: Iterable[Finding], namer: TrainingCallNamer) -> set[str]:
    names: set[str] = set()
    for finding in findings:
        for step in finding.trace:
            if step.description.startswith(TRAINING_STEP):
                names.update(namer.name(call) for call in namer.training_calls_at(step.line))
    return names


def score_yang(root: Path, verbose: bool, timeout: int = 60) -> int:
    inputs = root / "tests" / "inputs"
    if not inputs.is_dir():
        print(f"{root}: no tests/inputs folder (get malusamayo/leakage-analysis)", file=sys.stderr)
        return 2
    print(f"Yang et al.'s tests ({root}):")
    for code, test_name in YANG_TESTS.items():
        labels = read_yang_labels(root / "tests" / test_name)
        as_given, undisputed = Tally(), Tally()
        started = time.perf_counter()
        for name, expected in sorted(labels.items()):
            source = (inputs / name).read_text()
            linted = lint_with_timeout({name: source}, Config(select=(code,)), timeout)
            if linted is None:
                print(f"  {name}: analysis ran past {timeout}s; scored as silent")
                linted = []
            findings = [f for f in linted if f.code == code]
            found = found_methods(findings, TrainingCallNamer(source))
            kept = {m for m in expected if (code, name, m) not in DISPUTED}
            for tally, wanted in ((as_given, expected), (undisputed, kept)):
                tally.expected += len(wanted)
                tally.tp_expected += sum(any(matches(f, e) for f in found) for e in wanted)
                tally.found += len(found)
                tally.tp_found += sum(any(matches(f, e) for e in wanted) for f in found)
            if (
                verbose
                or any(not any(matches(f, e) for f in found) for e in kept)
                or any(not any(matches(f, e) for e in kept) for f in found)
            ):
                print(
                    f"  {name}: expected {sorted(expected)} found {sorted(found)}"
                    f" ({len(findings)} findings)"
                )
        seconds = time.perf_counter() - started
        print(f"  {code} {KINDS[code]} on {test_name} ({len(labels)} files, {seconds:.1f}s):")
        print(f"    labels as given:           {as_given.line()}")
        print(f"    without disputed labels:   {undisputed.line()}")
    disputed = sorted(DISPUTED.items())
    if disputed:
        print("  disputed labels:")
        for (code, name, method), reason in disputed:
            print(f"    {code} {name} {method}: {reason}")
    return 0


def load_case(case: Path) -> tuple[dict[str, str], set[tuple[str, int, str]]]:
    from mlaudit_lint import notebooks

    meta = json.loads((case / "expected.json").read_text())
    files: dict[str, str] = {}
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case).as_posix()
        if path.suffix == ".py":
            files[relative] = path.read_text()
        elif notebooks.is_notebook(path):
            files[relative] = notebooks.to_python(path.read_text()).text
    expected = {(e["file"], int(e["line"]), e["code"]) for e in meta["expected"]}
    return files, expected


def score_corpus(corpus: Path, verbose: bool) -> int:
    cases = sorted(p.parent for p in corpus.rglob("expected.json"))
    if not cases:
        print(f"{corpus}: no cases (directories with expected.json)", file=sys.stderr)
        return 2
    tallies = {code: Tally() for code in KINDS}
    flagged = {"leaky": [0, 0], "clean": [0, 0]}
    started = time.perf_counter()
    for case in cases:
        files, expected = load_case(case)
        found = {(f.path, f.line, f.code) for f in lint_sources(files, SELECT) if f.code in KINDS}
        for code, tally in tallies.items():
            wanted = {e for e in expected if e[2] == code}
            got = {f for f in found if f[2] == code}
            tally.expected += len(wanted)
            tally.tp_expected += len(wanted & got)
            tally.found += len(got)
            tally.tp_found += len(wanted & got)
        group = flagged["leaky" if expected else "clean"]
        group[0] += 1
        group[1] += bool(found)
        if verbose or found != expected:
            status = "ok  " if found == expected else "MISS"
            print(
                f"  {status} {case.relative_to(corpus)}: expected {sorted(expected)} found {sorted(found)}"
            )
    seconds = time.perf_counter() - started
    print(f"Our corpus ({corpus}, {len(cases)} cases, {seconds:.1f}s):")
    for code, tally in tallies.items():
        print(f"  {code} {KINDS[code]:<13} {tally.line()}")
    print(
        f"  leaky cases flagged: {flagged['leaky'][1]}/{flagged['leaky'][0]}; "
        f"clean cases flagged: {flagged['clean'][1]}/{flagged['clean'][0]}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yang", type=Path, default=DEFAULT_YANG, help="leakage-analysis checkout")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a corpus of our cases (repeatable; default: both)",
    )
    parser.add_argument("--verbose", action="store_true", help="print every file and case")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per Yang input file")
    args = parser.parse_args(argv)
    status = score_yang(args.yang, args.verbose, args.timeout)
    for corpus in args.corpus or DEFAULT_CORPORA:
        print()
        status = max(status, score_corpus(corpus, args.verbose))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
