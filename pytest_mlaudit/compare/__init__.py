"""`@compare`: conditions on any axis, compared on any metric (docs/compare.md).

Same shape as every capability package: `decorator.py` (``@compare``), `checks.py` (the
difference test across pairs, Holm-adjusted, and TOST with an equivalence margin), `axes.py` (the
axis names it refuses: the user names the axis). The statistics are `core.comparison`'s, shared
with `@cross_precision`.

Names resolve on first access; the package is also callable, as the decorator it shares its name
with (`from pytest_mlaudit import compare` finds either).
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports, make_callable

_HERE = "pytest_mlaudit.compare"
_PUBLIC = {
    "compare": f"{_HERE}.decorator",
    "CompareDifference": f"{_HERE}.checks",
    "CompareEquivalence": f"{_HERE}.checks",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
make_callable(__name__, f"{_HERE}.decorator:compare")
