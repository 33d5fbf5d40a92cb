"""The layout holds: no import cycles in either package, and pytest_mlaudit's layers import only
downwards (docs/ARCHITECTURE.md draws them).

Imports are read with `ast` (tests/import_graph.py); nothing is imported. Three kinds of import
count, each its own edge kind: module level (runs at import), function level (a lazy import, runs
when the function does) and `if TYPE_CHECKING:` (never runs). A cycle of module-level imports can
break loading; a cycle through lazy or typing imports cannot, but it still ties the modules into
one knot that cannot be understood, tested or moved apart, so both are cycles here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_graph import Edge, cycles, describe, edges

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pytest_mlaudit", "mlaudit_lint")

# pytest_mlaudit's layers, lowest first. A module may import its own layer's package and any lower
# layer, nothing above. Top-level modules are named by their module, the rest by their package.
LAYERS = {
    "pytest_mlaudit.options": 0,  # names of options and markers: constants only
    "pytest_mlaudit._lazy": 0,  # lazy exports
    "pytest_mlaudit.core": 1,  # the data
    "pytest_mlaudit.runner": 2,  # runs cells
    "pytest_mlaudit.report": 2,  # reads outcomes
    "pytest_mlaudit.harness": 3,  # test functions meet runner and report
    "pytest_mlaudit.sweep": 4,  # capabilities: decorator, checks, domain code
    "pytest_mlaudit.precision": 4,
    "pytest_mlaudit.synthetic": 4,
    "pytest_mlaudit.leakage": 4,
    "pytest_mlaudit.longitudinal": 4,
    "pytest_mlaudit.variance": 4,
    "pytest_mlaudit.compare": 4,
    "pytest_mlaudit._moved": 5,  # the deprecated module paths of 0.1
    "pytest_mlaudit.plugin": 6,  # entry points and the public table
    "pytest_mlaudit.cli": 6,
    "pytest_mlaudit": 6,
}
# Imports between packages of one layer that are part of the design (all others are not):
# a build names its precision condition; variance varies the precision axis.
SIDEWAYS = {
    ("pytest_mlaudit.longitudinal", "pytest_mlaudit.precision"),
    ("pytest_mlaudit.variance", "pytest_mlaudit.precision"),
}


def home(module: str) -> str:
    """The LAYERS key a module belongs to: its longest listed prefix."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return prefix
    raise KeyError(f"{module} is in no layer: add its package to LAYERS (and docs/ARCHITECTURE.md)")


def layer_violations(found: list[Edge]) -> list[str]:
    problems = []
    for edge in found:
        source, target = home(edge.source), home(edge.target)
        if source == target or (source, target) in SIDEWAYS:
            continue
        if LAYERS[target] >= LAYERS[source]:
            problems.append(
                f"{edge}: layer {LAYERS[source]} ({source}) imports layer {LAYERS[target]} ({target})"
            )
    return problems


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize(
    "kinds",
    [("module",), ("module", "function", "typing")],
    ids=["module-level", "all-imports"],
)
def test_no_import_cycles(package, kinds):
    found = [e for e in edges(ROOT, [package]) if e.kind in kinds]
    assert found, f"no imports read in {package}: the graph reader is broken"
    assert not cycles(found), "\n" + describe(cycles(found))


def test_every_module_has_a_layer_and_imports_only_downwards():
    found = edges(ROOT, ["pytest_mlaudit"])
    assert not layer_violations(found), "\n".join(layer_violations(found))


def test_the_checks_can_fail(tmp_path):
    # A planted package: a <-> b at module level, c -> d lazily and d -> c under TYPE_CHECKING,
    # relative and `from package import submodule` forms; e imports upwards.
    package = tmp_path / "planted"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("import planted.a\n")
    (package / "c.py").write_text("def f():\n    from planted.sub import d\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import c\n"
    )
    found = edges(tmp_path, ["planted"])
    module_level = cycles([e for e in found if e.kind == "module"])
    assert [sorted({e.source for e in c}) for c in module_level] == [["planted.a", "planted.b"]]
    everything = cycles(found)
    assert sorted(sorted({e.source for e in c}) for c in everything) == [
        ["planted.a", "planted.b"],
        ["planted.c", "planted.sub.d"],
    ]
    kinds = {(e.source, e.target): e.kind for e in found}
    assert kinds[("planted.c", "planted.sub.d")] == "function"
    assert kinds[("planted.sub.d", "planted.c")] == "typing"
    upward = Edge("pytest_mlaudit.core.spec", "pytest_mlaudit.runner.runner", 1, "function")
    assert layer_violations([upward])
    sideways = Edge("pytest_mlaudit.report.schema", "pytest_mlaudit.runner.runner", 1, "module")
    assert layer_violations([sideways])
