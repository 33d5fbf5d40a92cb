"""Lazy public names for a package (PEP 562), so importing it imports none of its heavy modules.

Loading the plugin must not import numpy, scipy or torch; the packages that re-export functions
from modules which do, resolve each name on first access instead.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(namespace: dict[str, Any], public: Mapping[str, str]) -> Callable[[str], Any]:
    """Make the package whose globals are `namespace` export `public` (name -> defining module)
    lazily: installs its `__all__` (the names, sorted), `__getattr__` (imports the defining module
    on each access of a name the package does not hold) and `__dir__`.

    Returns the `__getattr__` for the package to bind as well (`__getattr__ = lazy_exports(...)`):
    a type checker reads the module, not what ran, and only a module-level `__getattr__` tells it
    that names such as `pytest_mlaudit.Run` exist.
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = public.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(public))

    namespace.update(__all__=sorted(public), __getattr__=__getattr__, __dir__=__dir__)
    return __getattr__


class _CallableModule(types.ModuleType):
    """A module whose call is its package's decorator of the same name (see `make_callable`)."""

    _mlaudit_call_target: tuple[str, str]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        module, name = self._mlaudit_call_target
        return getattr(importlib.import_module(module), name)(*args, **kwargs)


def make_callable(module_name: str, target: str) -> None:
    """Make the module `module_name` call `target` ("package.module:function") when called.

    Needed where a public decorator and a module share a name: `from pytest_mlaudit import
    longitudinal` finds the subpackage once it has been imported (the import system binds it on
    the parent), so the subpackage itself must decorate like the function it shadows.
    """
    module = sys.modules[module_name]
    module_path, _, name = target.partition(":")
    module.__class__ = _CallableModule
    module._mlaudit_call_target = (module_path, name)  # type: ignore[attr-defined]
