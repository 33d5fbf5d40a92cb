"""MLA003 overlap-leak."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...ftypes import Finding
from ...rule import Invalid, LintRule, Valid
from ..rows.events import events_of
from ..rows.keys import CODE as ROWS
from ..rows.leaks import overlap_leaks
from ..rows.policy import RowsPolicy
from ..rows.report import findings
from .examples import INVALID, VALID


class OverlapLeak(LintRule):
    """The same rows (or copies of them) are trained on and evaluated as unseen.

    ## What it does
    Follows which rows each value holds (as MLA002 does: splits, folds, slices, masks, `concat`)
    and reports the place where the training rows and the evaluated rows start to share rows:
    * oversampling or duplication before a split: imbalanced-learn's oversamplers (`SMOTE`,
      `ADASYN`, `RandomOverSampler`, `SMOTETomek`, ... via `fit_resample` or the older
      `fit_sample`), `sklearn.utils.resample` or `df.sample(replace=True)` appended to the data,
      flipped, shifted or jittered copies concatenated with the rows they were made from;
    * test (or validation) rows concatenated into the training data (`pd.concat`, `np.vstack`,
      `np.concatenate`);
    * a model fitted on rows that are later scored as test rows (trained on every row, then scored
      on a split of them);
    * a score computed on rows that include the model's own training rows, unless those rows
      are themselves one side of a split (a training score on `X_train` after fitting
      `X_train[:1000]` is what it says it is).
    Positional slices with literal bounds are compared as intervals: `series[:7000]`,
    `series[7000:9000]` and `series[9000:]` are disjoint, `[:8000]` and `[7000:9000]` are not.

    ## Why is this bad?
    A model scored on rows it was trained on (or on copies and interpolations of them) reports
    its memory, not its generalisation. SMOTE before the split is the textbook case: every
    synthetic test row sits between real training rows. Yang et al. found overlap leaks in a
    sixth of the notebooks they labelled.

    ## Example
    ```python
    X_res, y_res = SMOTE().fit_resample(X, y)
    X_train, X_test, y_train, y_test = train_test_split(X_res, y_res)
    model = RandomForestClassifier().fit(X_train, y_train)
    print(model.score(X_test, y_test))
    ```

    ## Use instead
    ```python
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y)
    X_res, y_res = SMOTE().fit_resample(X_train, y_train)
    model = RandomForestClassifier().fit(X_res, y_res)
    print(model.score(X_test, y_test))
    ```

    ## Known problems
    Undersampling (which copies nothing) is not reported. Refitting on every row after the final
    test report is not reported (the report came first). Duplicate rows already present in the
    input file are invisible to a static analysis. Predictions over every row for a plot are
    not a score and are not reported; a metric computed on them is.
    A leak seen only by the assertions of a pytest module (a `test_*.py` or `*_test.py` file
    holding `def test_...`) is not reported: a unit test's score on fixed data is an asserted
    property of the code, not a result shown to a reader.

    ## Options
    No options; select or ignore it as `MLA003`.

    ## References
    Yang, Brower-Sinning, Lewis, Kästner: "Data Leakage in Notebooks: Static Detection and Better
    Processes", ASE 2022. imbalanced-learn's user guide, "Common pitfalls and recommended
    practices".
    """

    CODE = "MLA003"
    NAME = "overlap-leak"
    MESSAGE = "{what} ({where}): {path}"
    VALID: list[Valid] = VALID
    INVALID: list[Invalid] = INVALID
    POLICIES = (RowsPolicy,)

    def check(self, results: Mapping) -> Iterator[Finding]:
        policy = results[ROWS].policy
        evaluations, cross = events_of(policy)
        yield from findings(
            self,
            overlap_leaks(evaluations, cross, policy.stack_places),
            policy.split_places,
            policy.pytest_modules,
        )
