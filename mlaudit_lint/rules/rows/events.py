"""The evaluation events of a program, read from the row policy's observed calls.

* `Evaluation` — a trained model used on data (`predict`, `score`, `evaluate`, ...): the rows it
  was trained on (its `trained` keys), the rows it is used on, and every statistic that shaped
  either. `scored` when a metric (or `score`/`evaluate`) compares it with labels.
* `CrossValidation` — a call that splits its data and trains and evaluates on the parts itself
  (`cross_val_score`, a search's `fit`): the rows it splits and the statistics they carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import library as lib
from .keys import CODE, Place, classes
from .roles import display, role_of
from .rowsets import Dup, RowPath, contains


@dataclass
class Evaluation:
    place: Place
    order: tuple
    trained: dict  # trained key -> trail
    rows: dict  # rows key -> trail (the data used, and its labels)
    learned: dict  # learned key -> trail (statistics in the data or the model)
    scored: bool = False
    # (place, rows) of the statistics the model itself learned through (its training data's)
    model_learned: frozenset = frozenset()
    # evaluated row sets held beside a whole that holds them (dropped from `rows`): after a
    # branch, the test side of a split joined with the unsplit whole of the other branch
    parts_beside_whole: frozenset = frozenset()


@dataclass
class CrossValidation:
    place: Place
    order: tuple
    rows: dict
    learned: dict
    estimator: set[str] = field(default_factory=set)


def _own(val) -> dict:
    if val is None:
        return {}
    return _union({k: t for k, t in val.all_taint().items() if k[0] == CODE})


def _parts_beside_whole(val) -> frozenset:
    """The row sets of `val` that `_union` drops because a whole holding them is also there."""
    if val is None:
        return frozenset()
    raw = {k for k in val.all_taint() if k[0] == CODE and k[1] == "rows"}
    kept = set(_union(dict.fromkeys(raw)))
    return frozenset(key[-1] for key in raw - kept)


def _holds(outer: RowPath, inner: RowPath) -> bool:
    """`outer` holds every row of `inner`, and `inner` copied none (a copy is what MLA003 reads)."""
    if outer == inner or not contains(outer, inner):
        return False
    return not any(isinstance(step, Dup) for step in set(inner.steps) - set(outer.steps))


def _union(taint: dict) -> dict:
    """Row sets that another key of the same kind (and place) already holds entirely are
    dropped: `df.loc[df.title == "Mr", "age"] = ...` writes into rows the frame holds, and
    the frame then holds all its rows, not also a part of them."""
    groups: dict[tuple, list[RowPath]] = {}
    for key in taint:
        if key[1] in ("rows", "learned", "trained"):
            groups.setdefault(key[1:-1], []).append(key[-1])
    out = {}
    for key, trail in taint.items():
        if key[1] in ("rows", "learned", "trained"):
            inner = key[-1]
            others = groups[key[1:-1]]
            if any(_holds(outer, inner) for outer in others):
                continue
        out[key] = trail
    return out


def _kind(taint: dict, kind: str) -> dict:
    return {k: t for k, t in taint.items() if k[1] == kind}


def _place(observation) -> Place:
    event = observation.event
    span = event.site.span
    return Place(event.site.path, span.line, span.column, event.callee or event.name)


def read_events(observations: Iterable) -> tuple[list[Evaluation], list[CrossValidation]]:
    evaluations: list[Evaluation] = []
    by_prediction: dict[Place, list[Evaluation]] = {}
    cross: list[CrossValidation] = []
    metrics = []
    for observation in sorted(observations, key=lambda o: o.order):
        event = observation.event
        name = event.name
        receiver = _own(event.receiver)
        names = classes(receiver)
        role = role_of(names) if names else ""
        if not role and any(k[1] == "trained" for k in receiver):
            role = "model"  # a model of no known class, trained in the program
        if name in lib.CV_FUNCTIONS:
            estimator = event.arg(0, "estimator")
            data = _own(event.arg(1, "X"))
            labels = _own(event.arg(2, "y"))
            cross.append(
                CrossValidation(
                    _place(observation),
                    observation.order,
                    {**_kind(data, "rows"), **_kind(labels, "rows")},
                    _kind(data, "learned"),  # a statistic in the labels defines the target
                    classes(_own(estimator)),
                )
            )
        elif role == "search" and name in lib.TRAINING_METHODS:
            data = _own(event.arg(0, "X"))
            labels = _own(event.arg(1, "y"))
            cross.append(
                CrossValidation(
                    _place(observation),
                    observation.order,
                    {**_kind(data, "rows"), **_kind(labels, "rows")},
                    _kind(data, "learned"),  # a statistic in the labels defines the target
                    names,
                )
            )
        elif role in ("model", "search") and name in lib.INFERENCE_METHODS:
            data_value = event.arg(0, "X") or event.arg(0, "x")
            data = _own(data_value)
            labels = _own(event.arg(1, "y"))
            evaluation = Evaluation(
                _place(observation),
                observation.order,
                _kind(receiver, "trained"),
                # the evaluated rows are the feature rows (labels may come from another frame)
                _kind(data, "rows") or _kind(labels, "rows"),
                {**_kind(data, "learned"), **_kind(receiver, "learned")},
                scored=name in ("score", "evaluate") and (bool(labels) or len(event.args) > 1),
                model_learned=frozenset((key[2], key[3]) for key in _kind(receiver, "learned")),
                parts_beside_whole=_parts_beside_whole(data_value),
            )
            evaluations.append(evaluation)
            span = event.site.span
            what = f"{display(names)}.{name}"
            by_prediction.setdefault(
                Place(event.site.path, span.line, span.column, what), []
            ).append(evaluation)
        elif name in lib.METRIC_FUNCTIONS:
            metrics.append(observation)
    for observation in metrics:
        for value in observation.event.args[:2]:
            for key in _kind(_own(value), "pred"):
                for evaluation in by_prediction.get(key[2], ()):
                    evaluation.scored = True
    return evaluations, cross


def events_of(policy) -> tuple[list[Evaluation], list[CrossValidation]]:
    """The row policy's evaluation events, read once per run and shared by the rules."""
    cached = getattr(policy, "_events", None)
    if cached is None:
        cached = read_events(policy.result.observations)
        policy._events = cached
    return cached
