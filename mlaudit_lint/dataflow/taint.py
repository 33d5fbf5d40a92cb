"""The taint lattice: which label origins a value carries, how strongly, and by which path.

A taint is a dict ``key -> (rank, hops)``. A key is a label origin ``("src", name, path, line)``
or, inside a function body, a symbolic reference to a parameter: ``("p", i)`` (all of it),
``("pc", i, column)`` (one column or field of it) or ``("pn", i)`` (its non-label columns). The
cross-module pass replaces parameter keys by what the callers pass.

Ranks order how the label is present, so that merging keeps the strongest:

* ``SELECTED`` — the label chose which elements the value holds (`[x for x, l in rows if l]`,
  `np.flatnonzero(y == 1)`): a selection of examples, harmless until a membership test or a store
  at those positions turns it back into a value (`pid in positives`);
* ``BESIDE`` — the label travels next to the features, as the target (``(features, label)``);
* ``DIRECT`` — the value is a function of the label alone (``label``, ``int(label == "pos")``);
* ``DERIVED`` — the label is mixed with other data (``is_var and vaf < 0.05``).

Hops are ``(description, path, line, is_sink)`` tuples; the first hop names the origin.
"""

from __future__ import annotations

SELECTED, BESIDE, DIRECT, DERIVED = -1, 0, 1, 2
MAX_HOPS = 16


def combine_rank(outer: int, inner: int) -> int:
    if outer == BESIDE or inner == BESIDE:
        return BESIDE
    if outer == SELECTED or inner == SELECTED:
        return SELECTED
    return max(outer, inner)


def union_into(dst: dict, src: dict) -> bool:
    """Merge `src` into `dst`, keeping the strongest rank per key; True when `dst` changed."""
    changed = False
    for key, entry in src.items():
        old = dst.get(key)
        if old is None or old[0] < entry[0]:
            dst[key] = entry
            changed = True
    return changed


def with_hop(taint: dict, step: tuple) -> dict:
    """Append a hop; a path longer than MAX_HOPS is dropped.

    Real leaks are short (the audited one is five hops); a label that wanders through twenty
    assignments of an application's plumbing (`args.label` -> config -> engine -> ...) is
    noise from over-approximation, not a finding anyone can act on.
    """
    out = {}
    for key, (rank, hops) in taint.items():
        if hops and hops[-1][0] == step[0] and hops[-1][2] == step[2]:
            out[key] = (rank, hops)
        elif len(hops) < MAX_HOPS:
            out[key] = (rank, hops + (step,))
    return out


def with_rank(taint: dict, rank: int) -> dict:
    return {key: (rank if old > BESIDE else old, hops) for key, (old, hops) in taint.items()}


def as_selected(taint: dict) -> dict:
    """The label as the chooser of elements: every live rank becomes SELECTED."""
    return {key: (SELECTED if rank > BESIDE else rank, hops) for key, (rank, hops) in taint.items()}


def unselect(taint: dict) -> dict:
    """A membership test or positional store on a selection: the label is back as a value."""
    return {
        key: (DERIVED if rank == SELECTED else rank, hops) for key, (rank, hops) in taint.items()
    }


def as_beside(taint: dict) -> dict:
    return {key: (BESIDE if rank == DIRECT else rank, hops) for key, (rank, hops) in taint.items()}


def has_sink_hop(hops: tuple) -> bool:
    return any(step[3] for step in hops)


class Val:
    """An abstract value: its own taint, tuple positions, and named columns or fields."""

    __slots__ = ("cols", "items", "t", "used", "zipped")

    def __init__(self, t=None, items=None, cols=None, zipped=False):
        self.t: dict = t if t is not None else {}
        self.items: list | None = items
        self.cols: dict | None = cols
        self.zipped = zipped
        self.used = bool(self.t) or items is not None or bool(cols)

    def copy(self) -> Val:
        return Val(
            dict(self.t),
            [dict(i) for i in self.items] if self.items is not None else None,
            {k: dict(v) for k, v in self.cols.items()} if self.cols else None,
            self.zipped,
        )

    def is_clean(self) -> bool:
        if self.t:
            return False
        if self.items and any(self.items):
            return False
        if self.cols and any(self.cols.values()):
            return False
        return True

    def collapse(self) -> dict:
        """Everything the value carries, as one taint; a tuple's bare labels become BESIDE."""
        if self.items is None and not self.cols:
            return self.t
        out = dict(self.t)
        if self.items:
            for item in (as_beside(i) for i in self.items) if len(self.items) > 1 else self.items:
                union_into(out, item)
        if self.cols:
            for taint in self.cols.values():
                union_into(out, taint)
        return out

    def merge(self, other: Val | None) -> bool:
        if other is None:
            return False
        changed = union_into(self.t, other.t)
        if other.items is not None:
            if self.items is None and not self.used:
                self.items = [dict(i) for i in other.items]
                self.zipped = other.zipped
                changed = True
            elif self.items is not None and len(self.items) == len(other.items):
                for mine, theirs in zip(self.items, other.items):
                    changed |= union_into(mine, theirs)
            else:
                for theirs in other.items:
                    changed |= union_into(
                        self.t, as_beside(theirs) if len(other.items) > 1 else theirs
                    )
        if other.cols:
            if self.cols is None:
                self.cols = {}
            for key, taint in other.cols.items():
                mine = self.cols.get(key)
                if mine is None:
                    self.cols[key] = dict(taint)
                    changed = True
                else:
                    changed |= union_into(mine, taint)
        self.used = True
        return changed
