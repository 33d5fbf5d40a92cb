"""Lazy public names for a package (PEP 562), so importing it imports none of its heavy modules.

Loading the plugin must not import numpy, scipy or torch; the packages that re-export functions
from modules which do, resolve each name on first access instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    namespace: dict, public: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list]]:
    """`__getattr__` and `__dir__` for a package whose `public` maps name -> defining module."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = public.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list:
        return sorted(set(namespace) | set(public))

    return __getattr__, __dir__
