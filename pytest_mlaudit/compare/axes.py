"""The axis of `@compare` is named by the user; these names are taken."""

from __future__ import annotations

import keyword

from ..core.spec import SEED_AXIS


def axis_name_error(axis: object) -> str | None:
    """Why `axis` cannot name a compared axis (it becomes the keyword the test receives)."""
    if not isinstance(axis, str) or not axis.isidentifier() or keyword.iskeyword(axis):
        return f"axis must be the name of a keyword argument of the test, got {axis!r}"
    if axis == SEED_AXIS:
        return (
            f"axis {SEED_AXIS!r} is the pairing axis of @seed_sweep (the same seed under each "
            "condition); compare another axis"
        )
    return None
