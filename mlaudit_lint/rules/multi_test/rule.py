"""MLA004 multi-test."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...ftypes import Finding, TraceStep
from ...rule import Invalid, LintRule, Valid
from ..rows.keys import CODE as ROWS
from ..rows.policy import RowsPolicy
from ..rows.report import path_text, split_how
from ..rows.rowsets import Part
from .examples import INVALID, VALID
from .policy import CODE, ChoicePolicy


class MultiTest(LintRule):
    """An evaluation split is used to make a choice and then reported as if unseen.

    ## What it does
    Finds scores computed on evaluation rows (rows no model in the comparison was trained on:
    the test part of a split, a held-out chromosome or sample) — metric functions, `score`,
    `evaluate`, hand-written accuracies — and reports the place where they choose something:
    * a loop over models or hyperparameters keyed on the score (`if score > best:`);
    * `max`/`min`/`argmax`/`idxmax`/`sorted`/`sort_values` over scores of several candidates;
    * a decision threshold taken from the evaluation labels (`roc_curve`, `precision_recall_curve`);
    * early stopping that watches the evaluation rows (`eval_set=` with `early_stopping_rounds`,
      Keras `validation_data=` with `EarlyStopping`/`ModelCheckpoint(save_best_only=True)`,
      LightGBM's `early_stopping` callback);
    * a hyperparameter search fitted on rows that include them.
    It stays silent when the chosen candidate is then evaluated once on other held-out rows (the
    split was a validation split) and when the rows only ever see one model (several metrics of
    one model, bootstrap replicates of one score).

    ## Why is this bad?
    The best of several test scores is an optimistic estimate of the chosen model's error: the
    choice itself fitted the test set. The more candidates, the larger the bias, and nothing in
    the reported number shows it. The DeepVariant team's split hygiene is the remedy: tune on a
    held-out chromosome, evaluate once on a held-out sample.

    ## Example
    ```python
    scores = {name: m.fit(X_train, y_train).score(X_test, y_test) for name, m in models.items()}
    best = max(scores, key=scores.get)
    print(best, scores[best])
    ```

    ## Use instead
    ```python
    X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev)
    scores = {name: m.fit(X_train, y_train).score(X_val, y_val) for name, m in models.items()}
    best = max(scores, key=scores.get)
    print(best, models[best].score(X_test, y_test))  # the test set, once
    ```

    ## Known problems
    A choice made by a person reading printed test scores cannot be seen. An eval set that is
    only monitored (no early stopping) chooses nothing and is not reported. Whether a split is a
    validation or a test split is read from what follows, not from its name: a later evaluation
    of the chosen candidate on other held-out rows makes it a validation split; without one, the
    best score of the rows chosen on (`X_val` or not) is the figure reported, and is reported.
    A leak seen only by the assertions of a pytest module (a `test_*.py` or `*_test.py` file
    holding `def test_...`) is not reported: a unit test's score on fixed data is an asserted
    property of the code, not a result shown to a reader.

    ## Options
    No options; select or ignore it as `MLA004`.

    ## References
    Yang, Brower-Sinning, Lewis, Kästner: "Data Leakage in Notebooks: Static Detection and Better
    Processes", ASE 2022. Cawley and Talbot, "On over-fitting in model selection and subsequent
    selection bias in performance evaluation", JMLR 2010. Google AI blog, "DeepVariant: learning
    from data-rich problems" (tune on chr1, evaluate on HG002).
    """

    CODE = "MLA004"
    NAME = "multi-test"
    MESSAGE = "{rows} are used for {what} and then reported: {path}"
    VALID: list[Valid] = VALID
    INVALID: list[Invalid] = INVALID
    POLICIES = (RowsPolicy, ChoicePolicy)

    def check(self, results: Mapping) -> Iterator[Finding]:
        split_places = results[ROWS].policy.split_places
        tests = results[ROWS].policy.pytest_modules
        for choice, reported in results[CODE].policy.leaks():
            if all(p.path in tests for p in (choice.place, *reported)):
                continue  # a unit test asserting on the rows it tuned on reports nothing
            steps = []
            split = _last_split(choice.rows)
            where = split_places.get(split, (split.path, split.line)) if split else None
            if where and where[1]:
                steps.append(TraceStep(f"held out by {split_how(split)}", where[0], where[1]))
            for score in sorted(choice.scores, key=lambda p: (p.path, p.line)):
                steps.append(TraceStep(f"scored by {score.what}", score.path, score.line))
            steps.append(TraceStep(f"chosen by {choice.how}", choice.place.path, choice.place.line))
            for place in reported:
                if place.line != choice.place.line:
                    steps.append(TraceStep(f"reported by {place.what}", place.path, place.line))
            rows = f"the rows held out by {split_how(split)}" if split else "evaluation rows"
            yield self.report(
                path=choice.place.path,
                line=choice.place.line,
                end_line=choice.place.line,
                column=max(choice.place.column, 1),
                message=self.MESSAGE.format(
                    rows=rows, what=choice.how, path=path_text(tuple(steps))
                ),
                trace=tuple(steps),
            )


def _last_split(rows):
    for path in sorted(rows, key=repr):
        parts = [step for step in path.steps if isinstance(step, Part)]
        if parts:
            return parts[-1].split
    return None
