"""From evaluation events to leaks: what MLA002 and MLA003 report, one leak per place.

A `Leak` is reported at `place` (the statistic, the copy, the concat, the fit or the score) and
carries what its trace shows in execution order: the split the rows cross, the training calls
that learn from the result, the evaluations that see rows they should not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .events import CrossValidation, Evaluation
from .keys import Place
from .rowsets import Dup, Part, RowPath, Split, contains, copy_before_split, overlap, split_crossed


@dataclass
class Leak:
    code: str
    place: Place
    what: str
    split: Split | None = None
    trainings: list[Place] = field(default_factory=list)
    evaluations: list[Place] = field(default_factory=list)
    rows_from: str = ""  # for MLA002: where the rows the statistic learned from come from
    # cross-validations that see the leak inside their own folds; named in the trace only when
    # no held-out evaluation does (a search refitted before the test shows it less directly)
    cross_validations: list[Place] = field(default_factory=list)

    def add(self, split: Split | None, trainings, evaluation: Place) -> None:
        if self.split is None and split is not None:
            self.split = split
        for training in trainings:
            if training not in self.trainings:
                self.trainings.append(training)
        if evaluation not in self.evaluations:
            self.evaluations.append(evaluation)


def _paths(keys: dict, position: int = 2) -> set[RowPath]:
    return {key[position] for key in keys}


def _trained_places(evaluation: Evaluation) -> list[Place]:
    return sorted({key[2] for key in evaluation.trained}, key=_order)


def _order(place: Place) -> tuple:
    return (place.path, place.line, place.column)


def _held_out(evaluation: Evaluation) -> set[RowPath]:
    """The evaluated rows the model was not trained on (a helper called once with the training
    rows and once with the test rows may be evaluated once, on both)."""
    trained = {key[3] for key in evaluation.trained}
    if not trained:
        return set()
    return {row for row in _paths(evaluation.rows) if not any(overlap(t, row) for t in trained)}


def preprocessing_leaks(evaluations: list[Evaluation], cross: list[CrossValidation]) -> list[Leak]:
    leaks: dict[tuple, Leak] = {}

    def note(
        key, rows: set[RowPath], trainings, evaluation: Place, inside=False, event=None
    ) -> None:
        place, learned_from = key[2], key[3]
        seen = [row for row in rows if overlap(learned_from, row)]
        if not seen:
            return
        split = next(filter(None, (split_crossed(learned_from, row) for row in seen)), None)
        if split is None and event is not None and _own_statistics_only(event, place, seen):
            return
        # two statistics of one statement (`(X - X.mean()) / X.std()`) are one leak
        leak = leaks.setdefault((place.path, place.line), Leak("MLA002", place, place.what))
        if inside:
            if evaluation not in leak.cross_validations:
                leak.cross_validations.append(evaluation)
            if leak.split is None:
                leak.split = split
            return
        leak.add(split, trainings, evaluation)

    for evaluation in evaluations:
        rows = _held_out(evaluation)
        if not rows:
            continue
        for key in evaluation.learned:
            note(key, rows, _trained_places(evaluation), evaluation.place, event=evaluation)
    for run in cross:
        rows = _paths(run.rows)
        for key in run.learned:
            if _training_split_only(key[3]):
                # fitted on the training side of a split, then cross-validated inside it: the
                # held-out side never reached the statistic (only the model choice inside the
                # training rows sees it, as every tutorial's scale-then-search does)
                continue
            note(key, rows, [run.place], run.place, inside=True)
    return _merge_adjacent(list(leaks.values()))


def _training_split_only(learned_from: RowPath) -> bool:
    """The statistic learned from one side of a split (no copy after it)."""
    steps = learned_from.steps
    return bool(steps) and isinstance(steps[-1], Part)


def _own_statistics_only(evaluation: Evaluation, place: Place, rows: list[RowPath]) -> bool:
    """A data set of its own (never split: `test.csv`) prepared with its own statistics and
    only predicted — a submission file, a plot: no training learned from those rows (the
    statistic is not in the model) and no score on them is shown. Held-out rows cut from the
    labelled data, or a score, keep the finding."""
    if evaluation.scored:
        return False
    if any(
        at == place and overlap(path, row) for at, path in evaluation.model_learned for row in rows
    ):
        return False  # the same statistic also shaped the training data
    return not any(isinstance(step, Part) for row in rows for step in row.steps)


def _merge_adjacent(leaks: list[Leak]) -> list[Leak]:
    """A hand-written transform computes its statistics on neighbouring lines (`lo = X.min()`,
    `hi = X.max()`): one leak, reported at the first, when they reach the same evaluations."""
    leaks.sort(key=lambda leak: _order(leak.place))
    merged: list[Leak] = []
    for leak in leaks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.place.path == leak.place.path
            and 0 < leak.place.line - previous.place.line <= 2
            and set(previous.evaluations) == set(leak.evaluations)
            and previous.place.what.endswith("()")
            and leak.place.what.endswith("()")
        ):
            continue
        merged.append(leak)
    return merged


def overlap_leaks(
    evaluations: list[Evaluation], cross: list[CrossValidation], stack_places: set
) -> list[Leak]:
    leaks: dict[tuple, Leak] = {}

    def note(place: Place, what: str, split, trainings, evaluation: Place) -> None:
        leak = leaks.setdefault((place.path, place.line), Leak("MLA003", place, what))
        leak.add(split, trainings, evaluation)

    for evaluation in evaluations:
        trained = [(key[2], key[3], trail) for key, trail in evaluation.trained.items()]
        rows = _paths(evaluation.rows)
        if not trained or {t[1] for t in trained} == rows:
            continue  # unknown training, or scored on its own training rows
        trainings = _trained_places(evaluation)
        alternatives = rows | evaluation.parts_beside_whole
        for place, path, trail in trained:
            for row in rows:
                if overlap(path, row) and not _alternative_to_a_split(path, row, alternatives):
                    at, what, split = _where_rows_meet(
                        place, path, row, trail, stack_places, evaluation
                    )
                    if at is not None:
                        note(at, what, split, trainings, evaluation.place)
    for run in cross:
        for row in _paths(run.rows):
            copy = _any_copy(row)
            if copy is not None:
                at = Place(copy.path, copy.line, 0, copy.how)
                note(at, f"{copy.how} before the split", None, [run.place], run.place)
    return sorted(leaks.values(), key=lambda leak: _order(leak.place))


def _where_rows_meet(place, path, row, trail, stack_places, evaluation):
    """Where training rows `path` and evaluated rows `row` started to share rows, and why."""
    copy = copy_before_split(path, row) or _any_copy(row) or _any_copy(path)
    if copy is not None:
        at = Place(copy.path, copy.line, 0, copy.how)
        return at, f"{copy.how} before the split", _first_split(path, row)
    if not evaluation.scored:
        return None, "", None  # predictions (pseudo-labels, a plot) are not a reported score
    if path == row:
        at = _stacked_in(trail, stack_places)
        if at is None:
            # fitted on exactly these rows as they are (a refit on the whole training split
            # after a search on part of it): a training score
            return None, "", None
        return at, "evaluation rows added to the training data", None
    if contains(path, row):
        what = "a model trained on rows that are later scored as held out"
        return place, what, split_crossed(path, row)
    if contains(row, path):
        if any(isinstance(step, Part) for step in row.steps):
            # scored on one side of a split that holds every training row (`fit(X_train[:1000])`,
            # then `score(X_train)`): a training score, not a test score
            return None, "", None
        stacked = _stacked_in(trail, stack_places)
        if stacked is not None:  # evaluation rows joined the training data there
            return stacked, "evaluation rows added to the training data", None
        return evaluation.place, "a score computed on rows the model was trained on", None
    return place, "a model trained on rows that overlap the evaluated rows", None


def _alternative_to_a_split(path: RowPath, row: RowPath, rows: set[RowPath]) -> bool:
    """Are the evaluated rows `row` (a whole that holds the training rows `path`) only the
    alternative of a branch in which the split was not made?

    Values are joined after a branch, so `if i == 0: X_test = X` / `else: X_train, X_test =
    split(X)` leaves X_test holding both the whole and the test side. A value cannot hold a set of
    rows and, without a copy, a part of it at once unless it is such a join; when the evaluated
    value also holds a side of the split disjoint from the training rows, the whole belongs to
    the branch that did not split, where those training rows do not exist (a sweep of how much
    of a test cohort joins training: DeepSVR's notebooks)."""
    if row == path or row.has_dup() or path.has_dup() or not contains(row, path):
        return False
    return any(
        other is not row and contains(row, other) and not overlap(other, path) for other in rows
    )


def _any_copy(path: RowPath) -> Dup | None:
    """The last copy on a row path (the copy nearest the split that followed it)."""
    copies = [step for step in path.steps if isinstance(step, Dup)]
    return copies[-1] if copies else None


def _first_split(a: RowPath, b: RowPath) -> Split | None:
    for left, right in zip(a.steps, b.steps):
        if left != right and getattr(left, "split", None) is not None:
            return left.split
    return None


def _stacked_in(trail, stack_places: set) -> Place | None:
    """The first `concat`/`vstack` on the key's trail: where evaluation rows joined training data."""
    from ...dataflow.values import trail_steps

    for step in trail_steps(trail):
        if (step.path, step.line) in stack_places:
            return Place(step.path, step.line, step.column, "stacked into the training data")
    return None
