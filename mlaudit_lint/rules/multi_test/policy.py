"""MLA004's policy: scores on evaluation rows, and the choices they make.

Keys (code `MLA004`; the rows they name are the row policy's `RowPath`s, read from the same
values):

* `("MLA004", "iter", Place)` — the value varies with a loop's variable (a candidate);
* `("MLA004", "score", Place, rows, source)` — a score computed at `Place` on evaluation `rows`
  (rows no model behind it was trained on); `source` names the predictions scored (two scores of
  one model's predictions are not two candidates);
* `("MLA004", "stops", Place)` — an early-stopping callback or a model that stops early.

`implicit_flows` makes a value assigned under `if score > best:` carry the score. Choices are
recorded where they happen: a comparison of two scores, `max`/`min`/`argmax`/`idxmax`/`sorted`/
`sort_values` over scores of several candidates, an early-stopping fit watching evaluation rows,
a search fitted on them. `finish` keeps the choices not followed by an evaluation on other
held-out rows (which would make the chosen-on rows a validation split).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...dataflow.policy import (
    BindEvent,
    CallEffect,
    CallEvent,
    Policy,
    PolicyResult,
    Shape,
    Source,
    own,
    own_outer,
)
from ..rows import library as lib
from ..rows.keys import CODE as ROWS
from ..rows.keys import Place, classes
from ..rows.policy import data_modules, loop_targets, may_evaluate, near_data_modules
from ..rows.roles import role_of
from ..rows.rowsets import RowPath, contains, overlap

CODE = "MLA004"


@dataclass(frozen=True)
class Choice:
    place: Place
    how: str
    rows: frozenset  # of RowPath
    scores: frozenset = frozenset()  # the places of the scores it compared
    function: str = ""  # the qualname of the function it is made in


def _rows(val) -> set[RowPath]:
    return {k[2] for k in own(val, ROWS) if k[1] == "rows"}


def _trained_rows(val) -> set[RowPath]:
    return {k[3] for k in own(val, ROWS) if k[1] == "trained"}


def _preds(val) -> frozenset:
    """Which models made the predictions (their training places; else the predicting call)."""
    keys = own(val, ROWS)
    trained = frozenset(k[2] for k in keys if k[1] == "trained")
    return trained or frozenset(k[2] for k in keys if k[1] == "pred")


def _scores(val) -> dict:
    return {k: t for k, t in own(val, CODE).items() if k[1] == "score"}


def _varies(val) -> bool:
    return any(k[1] == "iter" for k in own(val, CODE))


def _unknown_role(event) -> str:
    """A receiver of no known class (a parameter, an attribute): `fit(X, y)`, `score(X, y)`,
    `predict(X)` are a model's."""
    if event.receiver is None:
        return ""
    if event.name in lib.TRAINING_METHODS and len(event.args) >= 2:
        return "model"
    if event.name in lib.INFERENCE_METHODS and event.args:
        return "model"
    return ""


_OUTPUT_CALLS = frozenset(
    {
        "print",
        "info",
        "warning",
        "debug",
        "log",
        "log_metric",
        "log_metrics",
        "add_scalar",
        "write",
        "display",
        "to_csv",
        "savefig",
        "set_title",
    }
)


_SEARCH = "a hyperparameter search"
_CROSS_VALIDATION = "cross-validation"
_BY_CROSS_VALIDATION = frozenset({_SEARCH, "a choice by cross-validation"})


def _keep(key):
    return key


def _inside(rows, outer) -> bool:
    """Rows taken from `outer` by a later split (a search on every row, then its test part):
    what the search chose is evaluated on rows it saw, whatever object carries the choice."""
    return bool(rows) and all(any(contains(o, r) and o != r for o in outer) for r in rows)


def _same_rows(left: set, right: set) -> bool:
    """Predictions and labels of the same rows: equal row sets, or the same side of one split
    (features and labels often come from two variables split together)."""
    if not left or not right:
        return False
    if left == right:
        return True
    ends = {p.steps[-1] for p in left if p.steps}
    return any(
        q.steps and q.steps[-1] in ends and type(q.steps[-1]).__name__ == "Part" for q in right
    )


def _curve(place: Place) -> bool:
    return place.what.rsplit(".", 1)[-1] in lib.CURVE_FUNCTIONS


def _score_rows(values) -> frozenset:
    """The rows of the scores a printed or returned value shows."""
    rows: set = set()
    for value in values:
        for key in _scores(value):
            rows |= key[3]
    return frozenset(rows)


def _candidate_keys(values) -> dict:
    """The loop and choice keys the values carry (each kept as it is)."""
    return {
        k: k
        for value in values
        if value is not None
        for k in own(value, CODE)
        if k[1] in ("iter", "chosen")
    }


def _chosen(val) -> frozenset:
    return frozenset(k for k in own(val, CODE) if k[1] == "chosen")


def _place(event, what: str) -> Place:
    span = event.site.span
    return Place(event.site.path, span.line, span.column, what)


class ChoicePolicy(Policy):
    code = CODE
    implicit_flows = True
    implicit_data = True  # `if score > best: best_model = m`: the model is chosen by it
    observe_calls = frozenset(
        lib.METRIC_FUNCTIONS
        | lib.INFERENCE_METHODS
        | lib.CV_FUNCTIONS
        | {"fit", "train"}
        | _OUTPUT_CALLS
    )

    def __init__(self, config=None) -> None:
        self.config = config
        self.loop_targets: set[tuple[str, int, int]] = set()
        self.data_modules: set[str] = set()
        self.choices: dict[tuple, Choice] = {}
        # what may show a choice to a reader, after it was made: (order, place, rows, chosen
        # keys, kind) with kind "evaluation" (a score on rows) or "output" (print, return, log)
        self.reports: dict[tuple, tuple] = {}

    def prefilter(self, text: str) -> bool:
        return may_evaluate(text)

    def prepare(self, program) -> None:
        # a loop far from any data (an interpreter's worklist) varies no score: no candidates
        # there, or every loop of a large program would be one
        self.data_modules = data_modules(program)
        near = near_data_modules(program, self.data_modules)
        self.loop_targets = {t for t in loop_targets(program) if t[0] in near}

    # ----- candidates --------------------------------------------------------------------------
    def on_bind(self, event: BindEvent) -> Source | None:
        span = event.site.span
        if (event.site.path, span.line, span.column) not in self.loop_targets:
            return None
        place = Place(event.site.path, span.line, span.column, event.name)
        return Source((CODE, "iter", place), f"{event.name} varies with the loop")

    # ----- scores and choices --------------------------------------------------------------------
    def on_call(self, event: CallEvent) -> CallEffect | None:
        name = event.name
        if name in lib.METRIC_FUNCTIONS or name in lib.CURVE_FUNCTIONS:
            truth = event.arg(0, "y_true")
            predicted = (
                event.arg(1, "y_pred") or event.arg(1, "y_score") or event.arg(1, "probas_pred")
            )
            return self._score(event, truth, predicted, both=(truth, predicted))
        recv_names = classes(own(event.receiver, ROWS)) if event.receiver is not None else set()
        role = role_of(recv_names) if recv_names else _unknown_role(event)
        if name in lib.CV_FUNCTIONS and name != "cross_val_predict":
            data, labels = event.arg(1, "X"), event.arg(2, "y")
            rows = _rows(data) | _rows(labels)
            if rows:  # one score per fold of these rows; the estimator may be a candidate
                place = _place(event, _CROSS_VALIDATION)
                keys = {(CODE, "score", place, frozenset(rows), frozenset()): None}
                keys.update(_candidate_keys((event.arg(0, "estimator"), data, labels)))
                return CallEffect(result=Shape(keys=keys))
        if name in ("score", "evaluate") and role in ("model", "search"):
            data, truth = event.arg(0, "X") or event.arg(0, "x"), event.arg(1, "y")
            if truth is not None:
                return self._score(event, truth, event.receiver, both=(data, truth, event.receiver))
        if name in lib.EARLY_STOPPING_CALLBACKS or (
            name[:1].isupper() and "early_stopping_rounds" in event.keywords
        ):
            if name != "ModelCheckpoint" or event.const(None, "save_best_only") is True:
                return CallEffect(result=Shape(keys={(CODE, "stops", _place(event, name)): None}))
        if name in lib.TRAINING_METHODS or name in lib.TRAINING_FUNCTIONS:
            chosen = self._early_stopping(event)
            if chosen is None and role == "search" and name in lib.TRAINING_METHODS:
                rows = _rows(event.arg(0, "X")) | _rows(event.arg(1, "y"))
                chosen = self._choose(event, _SEARCH, rows)
            # a model trained on data that varies with a loop (a feature subset, `X[:, :k]`,
            # a selector's output) is one candidate per pass
            keys = _candidate_keys((*event.args, *event.keywords.values()))
            if chosen is not None:  # the model (the receiver, and what fit returns) is chosen
                keys[chosen] = None
            if keys:
                mark = Shape(keys=keys, rewrite=_keep)
                return CallEffect(
                    result=mark, receiver=mark if event.receiver is not None else None
                )
        if name in lib.INFERENCE_METHODS and event.receiver is not None:
            chosen = _chosen(event.receiver)
            if chosen:  # a chosen model's predictions carry the choice
                return CallEffect(result=Shape(keys={k: k for k in chosen}, rewrite=_keep))
        if name in lib.CHOICE_FUNCTIONS or (
            event.receiver is not None and name in lib.CHOICE_METHODS
        ):
            chosen = self._collection_choice(event)
            if chosen is not None:
                return CallEffect(result=Shape(keys={chosen: None}, rewrite=_keep))
        if (
            not event.in_tree
            and event.receiver is not None
            and name in lib.TRANSFORM_METHODS
            and name not in lib.INFERENCE_METHODS
        ):
            # `selector.transform(X)` of a selector built per pass: the data varies with it
            carried = _candidate_keys((event.receiver,))
            if carried:
                return CallEffect(result=Shape(keys=carried, rewrite=_keep))
        if not event.in_tree and (name[:1].isupper() or name in lib.COMPOSITE_FACTORIES):
            # `Ridge(alpha=a)`, `make_pipeline(..., SVC(C=c))`: a candidate built from a value
            # that varies with the loop (or was chosen) is that candidate
            carried = _candidate_keys((*event.args, *event.keywords.values()))
            if carried:
                return CallEffect(result=Shape(keys=carried, rewrite=_keep))
        if name in ("mean", "sum", "average"):
            data = (
                event.receiver
                if event.receiver is not None and not event.args
                else (event.args or (None,))[0]
            )
            matches = [k for k in own(data, CODE) if k[1] == "match"]
            if matches:
                rows = frozenset().union(*(k[2] for k in matches))
                place = _place(event, "a hand-written score")
                self._report(event, rows, _chosen(data), "evaluation")
                key = (CODE, "score", place, rows, frozenset())
                keys = {key: None}
                keys.update({k: k for k in own(data, CODE) if k[1] in ("iter", "score", "chosen")})
                return CallEffect(result=Shape(keys=keys))
        return None

    def _score(self, event: CallEvent, truth, predicted, both) -> CallEffect | None:
        if not _rows(truth):
            return None
        rows = set()
        for value in both:
            rows |= _rows(value)  # the labels' rows and the predicted rows
        trained = set()
        for value in both:
            trained |= _trained_rows(value)
        if any(overlap(a, b) for a in trained for b in rows):
            return None  # a score on the model's own training rows is no evaluation
        place = _place(event, f"{event.callee or event.name}")
        key = (CODE, "score", place, frozenset(rows), _preds(predicted))
        keys: dict = {key: None}
        if event.name in lib.CURVE_FUNCTIONS:
            keys[(CODE, "iter", place)] = None  # one score per threshold: candidates
        for value in both:
            for other in own(value, CODE):
                if other[1] in ("iter", "score", "chosen"):
                    keys[other] = other
        return CallEffect(result=Shape(keys=keys))

    def _early_stopping(self, event: CallEvent):
        watched = None
        for keyword in lib.EVAL_SET_KEYWORDS:
            if keyword in event.keywords:
                watched = event.keywords[keyword]
        if watched is None:
            return None
        stops = "early_stopping_rounds" in event.keywords or any(
            k[1] == "stops"
            for value in (event.receiver, event.keywords.get("callbacks"), *event.args)
            if value is not None
            for k in own(value, CODE)
        )
        if not stops:
            return None
        sets = watched.items if watched.items else (watched,)
        rows = _rows(sets[-1])
        trained = set()
        for value in (*event.args[:2], event.arg(0, "X"), event.arg(1, "y")):
            if value is not None:
                trained |= _rows(value)
        rows = {r for r in rows if not any(overlap(r, t) for t in trained)}
        return self._choose(event, "early stopping", rows)

    def _collection_choice(self, event: CallEvent):
        if event.receiver is None and any(
            isinstance(arg.const, (int, float)) and not isinstance(arg.const, bool)
            for arg in event.args
        ):
            return None  # `max(0.0, score)`: a clamp to a bound, not a choice among candidates
        values = [v for v in (event.receiver, *event.args) if v is not None]
        scores: dict = {}
        varies = False
        for value in values:
            scores.update(_scores(value))
            varies = varies or _varies(value)
        curve_only = all(_curve(k[2]) for k in scores) and not any(
            k[1] == "iter" and not _curve(k[2]) for value in values for k in own(value, CODE)
        )
        if curve_only and event.name in ("max", "min"):
            return None  # the largest recall of a curve: one model's figure, not a choice
        sources = {key[4] for key in scores}
        if not scores or not (varies or len(sources) > 1 or (len(values) > 1 and len(scores) > 1)):
            return None
        rows: set = set()
        for key in scores:
            rows |= key[3]
        how = (
            "a choice by cross-validation"
            if all(key[2].what == _CROSS_VALIDATION for key in scores)
            else f"{event.name} over test scores"
        )
        return self._choose(event, how, rows, {key[2] for key in scores})

    def on_item(self, event) -> Shape | None:
        """`model.predict_proba(X)[:, 1]`: a column by position of a chosen model's predictions
        is still theirs (the engine keeps no column's keys for positional columns);
        `X_train[cols]`, `X[:, :k]` with a loop's variable: the data varies with the loop."""
        kept = _candidate_keys((*event.index, *event.bounds))
        if len(getattr(event.ir, "index", ())) >= 2:
            kept.update({k: k for k in own_outer(event.obj, CODE)})
        return Shape(keys=kept, rewrite=_keep) if kept else None

    def on_op(self, event) -> Shape | None:
        """`if score > best:` — a comparison of scores is a choice between candidates;
        `pred == y` / `pred - y` on the same rows is the start of a hand-written score."""
        if event.op in ("Eq", "Sub") and len(event.operands) == 2:
            left, right = (_rows(v) for v in event.operands)
            # predictions against labels; two columns of one table (`df.home - df.away`)
            # or two predictions are features, not a score
            predicted = [bool(_preds(v)) for v in event.operands]
            columns = [c is not None for c in event.columns]
            one_each = predicted[0] != predicted[1]
            # no known predictions: a hand-written score only where data is trained or scored
            # (elsewhere `first - second` is a paired difference of measurements, a statistic)
            unknown_model = (
                not any(predicted) and not all(columns) and event.site.path in self.data_modules
            )
            if (one_each or unknown_model) and _same_rows(left, right):
                return Shape(keys={(CODE, "match", frozenset(left)): None}, rewrite=_keep)
            return None
        if event.op not in ("Gt", "Lt", "GtE", "LtE"):
            return None
        operands = event.operands
        scored = [op for op in operands if _scores(op)]
        if len(scored) < 2:
            return None
        rows: set = set()
        places = set()
        for value in scored:
            for key in _scores(value):
                rows |= key[3]
                places.add(key[2])
        how = (
            "a choice by cross-validation"
            if all(place.what == _CROSS_VALIDATION for place in places)
            else "a comparison of test scores"
        )
        chosen = self._choose(event, how, rows, places)
        return Shape(keys={chosen: None}, rewrite=_keep) if chosen is not None else None

    def _choose(self, event, how: str, rows, scores=()):
        """Record a choice made with scores on `rows`; the key that marks what it chose."""
        if not rows:
            return None
        span = event.site.span
        place = Place(event.site.path, span.line, span.column, how)
        known = self.choices.get(place)
        merged = frozenset(rows) | (known.rows if known else frozenset())
        compared = frozenset(scores) | (known.scores if known else frozenset())
        self.choices[place] = Choice(place, how, merged, compared, event.site.function.qualname)
        return (CODE, "chosen", place)

    def _report(self, event, rows, chosen: frozenset, kind: str) -> None:
        if not chosen and not rows:
            return
        span = event.site.span
        place = Place(event.site.path, span.line, span.column, kind)
        order = (event.site.path, span.line, span.column)
        old = self.reports.get((place, kind))
        if old is not None:
            rows, chosen = old[2] | frozenset(rows), old[3] | chosen
        self.reports[(place, kind)] = (
            order,
            place,
            frozenset(rows),
            chosen,
            kind,
            event.site.function.qualname,
        )

    def on_return(self, event) -> tuple:
        self._report(event, _score_rows((event.value,)), _chosen(event.value), "output")
        return ()

    # ----- after the fixpoint -----------------------------------------------------------------------
    def finish(self, result: PolicyResult) -> None:
        self.result = result
        result.policy = self

    def leaks(self) -> list[tuple[Choice, list[Place]]]:
        """The choices that are then reported (a score on the same rows of what they chose, the
        chosen score printed or returned) and not evaluated again on other held-out rows (which
        would make the chosen-on rows a validation split)."""
        for observation in getattr(self, "result", PolicyResult()).observations:
            event = observation.event
            if event.name in _OUTPUT_CALLS:
                values = (*event.args, *event.keywords.values())
                chosen = frozenset().union(*(_chosen(v) for v in values))
                self._report(event, _score_rows(values), chosen, "output")
                continue
            if event.name not in lib.METRIC_FUNCTIONS and event.name not in ("score", "evaluate"):
                continue
            metric = event.name in lib.METRIC_FUNCTIONS
            truth = event.arg(0, "y_true") if metric else event.arg(1, "y")
            predicted = event.arg(1, "y_pred") if metric else event.receiver
            data = event.arg(1, "y_pred") if metric else event.arg(0, "X")
            rows = _rows(truth) | _rows(data) if _rows(truth) else set()
            trained = _trained_rows(predicted)
            if rows and not any(overlap(a, b) for a in trained for b in rows):
                chosen = frozenset().union(
                    *(_chosen(v) for v in (truth, predicted, data) if v is not None)
                )
                self._report(event, rows, chosen, "evaluation")
        out = []
        seen_scores: set = set()
        for choice in sorted(self.choices.values(), key=lambda c: (c.place.path, c.place.line)):
            key = (CODE, "chosen", choice.place)
            where = (choice.place.path, choice.place.line, choice.place.column)
            later = [
                r
                for r in self.reports.values()
                if (r[0][0] != where[0] or r[5] != choice.function or r[0][:2] >= where[:2])
                and (key in r[3] or (choice.how == _SEARCH and _inside(r[2], choice.rows)))
            ]
            validated = any(
                r[4] == "evaluation"
                and r[2]
                and not any(overlap(a, b) for a in r[2] for b in choice.rows)
                for r in later
            )
            if choice.how in _BY_CROSS_VALIDATION:
                # a choice by cross-validation is legitimate; it leaks only when a held-out
                # evaluation later scores rows the cross-validation saw
                shown = [r[1] for r in later if r[4] == "evaluation" and _inside(r[2], choice.rows)]
            else:
                shown = [
                    r[1] for r in later if any(overlap(a, b) for a in r[2] for b in choice.rows)
                ]
            if validated or not shown:
                continue
            if choice.scores and choice.scores <= seen_scores:
                continue  # the same scores chose once already (`argmax`, then `max` to print)
            seen_scores |= choice.scores
            out.append(
                (
                    choice,
                    [
                        p
                        for p in shown
                        if p.line != choice.place.line or p.path != choice.place.path
                    ],
                )
            )
        return out
