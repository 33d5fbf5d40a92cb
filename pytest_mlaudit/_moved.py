"""Module paths of release 0.1 that moved in the package layout of 0.2: they still import, for one
release, with a DeprecationWarning that names the new home. Remove this module (and its one call in
`pytest_mlaudit/__init__.py`) in 0.3.

One table instead of a stub file per old path, so the tree shows only the layout it has: an import
hook, appended to `sys.meta_path` (after every real finder, so it never shadows a module that
exists), builds a module for an old path whose attributes are looked up in its new modules.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import warnings
from collections.abc import Sequence
from typing import Any

from ._lazy import make_callable

_P = "pytest_mlaudit"

# old module -> the modules its names now live in, searched in order
MOVED: dict[str, tuple[str, ...]] = {
    f"{_P}.api": (f"{_P}.core.run", f"{_P}.sweep.decorator"),
    f"{_P}.grid": (f"{_P}.core.spec", f"{_P}.harness.decorate"),
    f"{_P}.metrics": (f"{_P}.core.metrics",),
    f"{_P}.stats": (f"{_P}.core.stats",),
    f"{_P}.resume": (f"{_P}.runner.resume",),
    f"{_P}.seeding": (f"{_P}.runner.seeding",),
    f"{_P}.executors": (f"{_P}.runner.executors",),
    f"{_P}.executors.base": (f"{_P}.runner.executors.base",),
    f"{_P}.executors.serial": (f"{_P}.runner.executors.serial",),
    f"{_P}.executors.process": (f"{_P}.runner.executors.process",),
    f"{_P}.executors.ray": (f"{_P}.runner.executors.ray",),
    f"{_P}.executors.resources": (f"{_P}.runner.executors.resources",),
    f"{_P}.environment": (f"{_P}.report.environment",),
    f"{_P}.terminal": (f"{_P}.report.terminal",),
    f"{_P}.progress": (f"{_P}.report.progress",),
    f"{_P}.diff": (f"{_P}.report.diff", f"{_P}.report.schema"),
    f"{_P}.checks": (),
    f"{_P}.checks.base": (f"{_P}.core.check",),
    f"{_P}.checks.sweep": (f"{_P}.sweep.checks",),
    f"{_P}.checks.precision": (f"{_P}.precision.checks", f"{_P}.precision.axes"),
    f"{_P}.checks.consistency": (f"{_P}.synthetic.checks", f"{_P}.synthetic.axes"),
    f"{_P}.checks.longitudinal": (f"{_P}.longitudinal.checks", f"{_P}.longitudinal.axes"),
    f"{_P}.checks.variance": (f"{_P}.variance.checks",),
    f"{_P}.rounding": (f"{_P}.precision.rounding",),
    f"{_P}.precision_sweep": (f"{_P}.precision.decorator", f"{_P}.precision.axes"),
    f"{_P}.mechanism": (f"{_P}.precision.noise_ratio",),
    f"{_P}.consistency": (f"{_P}.synthetic.decorator",),
    f"{_P}.losses": (f"{_P}.synthetic.losses",),
    f"{_P}.curvature": (f"{_P}.longitudinal.curvature",),
    f"{_P}.variance_sources": (
        f"{_P}.variance.decorator",
        f"{_P}.variance.decomposition",
        f"{_P}.variance.axes",
    ),
    f"{_P}.longitudinal.marker": (f"{_P}.longitudinal.decorator", f"{_P}.longitudinal.axes"),
    f"{_P}.longitudinal.consistency": (f"{_P}.longitudinal.call_agreement",),
    f"{_P}.leakage.sweep": (
        f"{_P}.leakage.decorator",
        f"{_P}.leakage.checks",
        f"{_P}.leakage.axes",
    ),
}
# old modules that were packages (their old submodules are in MOVED too)
PACKAGES = frozenset({f"{_P}.checks", f"{_P}.executors"})
# names that changed as they moved: old module -> {old name: "new module:new name"}
RENAMED: dict[str, dict[str, str]] = {
    f"{_P}.diff": {"load_report": f"{_P}.report.schema:load"},
    f"{_P}.consistency": {"METRICS": f"{_P}.core.metrics:NAMES"},
}
# names that left the library: they were the paper's, and live with its example now
GONE: dict[str, dict[str, str]] = {
    f"{_P}.mechanism": dict.fromkeys(
        (
            "MECHANISM_CELLS",
            "MECHANISM_MODES",
            "gaussian_mixture",
            "train_classifier",
            "split",
            "cell_id",
            "variant_cnn",
            "make_loss",
        ),
        "examples/variant_calling/mechanism.py (the paper's CNN: examples/variant_calling/model.py; "
        "losses: pytest_mlaudit.synthetic.losses.make_loss)",
    ),
}
# old modules that were also the decorator of the same name
CALLABLE = {f"{_P}.variance_sources": f"{_P}.variance.decorator:variance_sources"}


def _forward(old: str, targets: Sequence[str]) -> Any:
    def __getattr__(name: str) -> Any:
        renamed = RENAMED.get(old, {}).get(name)
        if renamed is not None:
            module, _, attribute = renamed.partition(":")
            return getattr(importlib.import_module(module), attribute)
        gone = GONE.get(old, {}).get(name)
        if gone is not None:
            raise AttributeError(f"{old}.{name} moved out of the library, to {gone}")
        for target in targets:
            new = importlib.import_module(target)
            if hasattr(new, name):
                return getattr(new, name)
        raise AttributeError(f"module {old!r} has no attribute {name!r}")

    return __getattr__


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=fullname in PACKAGES)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: types.ModuleType) -> None:
        old = module.__name__
        targets = MOVED[old]
        new = ", ".join(targets) or "the capability packages (sweep, precision, synthetic, ...)"
        warnings.warn(
            f"{old} is deprecated and will be removed in pytest-mlaudit 0.3; import from {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        module.__getattr__ = _forward(old, targets)  # type: ignore[method-assign]
        if old in CALLABLE:
            make_callable(old, CALLABLE[old])


def install() -> None:
    """Let the old module paths import (once per interpreter)."""
    if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
        sys.meta_path.append(_MovedModules())
