"""MLA002 preprocessing-leak."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...ftypes import Finding
from ...rule import Invalid, LintRule, Valid
from ..rows.events import events_of
from ..rows.keys import CODE as ROWS
from ..rows.leaks import preprocessing_leaks
from ..rows.policy import RowsPolicy
from ..rows.report import findings
from .examples import INVALID, VALID


class PreprocessingLeak(LintRule):
    """A transformation learns from rows that later become evaluation rows.

    ## What it does
    Follows which rows each value holds through splits (`train_test_split`, `KFold`-style `.split`
    loops, `cross_val_*` and `*SearchCV`, positional slices such as `data[:n]` / `data[n:]`, masks
    such as `df[df.date < d]` / `df[df.date >= d]`, `df[df.chrom == "chr20"]` /
    `df[df.chrom != "chr20"]` or `isin` / `~isin`, PyTorch's `random_split`, slices of a shuffled
    index such as `X[order[:800]]` / `X[order[800:]]` after `order = np.random.permutation(n)`) and through
    `concat`/`vstack`, and reports the statement that learns a statistic from rows that a later
    split holds out for evaluation, when the learned transformation reaches the data a model is
    trained or evaluated on: the `fit`/`fit_transform` of a scaler, imputer, feature selector,
    vectorizer, PCA, clustering or quantile binning; a scikit-learn function form (`scale`,
    `minmax_scale`, scipy's `zscore`); or a hand-rolled statistic (`df.fillna(df.mean())`,
    `(X - X.min()) / (X.max() - X.min())`, `pd.qcut`). Test rows transformed with statistics of
    the test rows themselves (`X_test = StandardScaler().fit_transform(X_test)`) are reported too.
    The trace runs in execution order: where the statistic learns from the rows, the split they
    cross, the training call, the evaluation that sees rows the statistic learned from. A
    statistic learned from the training side of a split, then cross-validated inside that side
    (`scaler.fit_transform(X_train)`, then `cross_val_score` on it), is not reported: the
    held-out side never reached it.

    ## Why is this bad?
    The held-out rows were meant to stand for data the model has never seen. A scaler fitted
    before the split has already seen them: their mean and variance, their vocabulary, their
    missing values and their extremes shaped the features the model trains on, so the evaluation
    measures a model of a world that includes the test set. Yang et al. ("Data Leakage in
    Notebooks: Static Detection and Better Processes", ASE 2022) found this the most common leak
    in public notebooks; the optimism it adds is small for a scaler on a large table and large
    for feature selection on few samples and many features.

    ## Example
    ```python
    X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    model = LogisticRegression().fit(X_train, y_train)
    print(model.score(X_test, y_test))
    ```

    ## Use instead
    ```python
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    print(model.score(X_test, y_test))
    ```

    ## Known problems
    Only the rows a statistic learns from are tracked, not what it learns: encoders whose fitted
    state is the list of categories (`LabelEncoder`, `OneHotEncoder` without `min_frequency` or
    `max_categories`, `pd.get_dummies`, `DictVectorizer`) are not reported, and neither are
    bins with fixed edges (`pd.cut(x, bins=[0, 18, 65])`), row-wise reductions (`axis=1`) or
    statistics that reach only a print or a plot. A statistic that reaches only the labels
    defines the target (`y = df.price > df.price.mean()`) and is not reported: Yang et al. count
    it as a leak; here it is the task's definition. A statistic learned on every row and used
    only to train a final model that is never evaluated is not reported. Keras's
    `validation_split` is not counted as a split (it only monitors). A split the analysis
    cannot see (rows chosen in another process, a file written and read back) is missed.
    A leak seen only by the assertions of a pytest module (a `test_*.py` or `*_test.py` file
    holding `def test_...`) is not reported: a unit test's score on fixed data is an asserted
    property of the code, not a result shown to a reader.

    ## Options
    No options; select or ignore it as `MLA002` (`[tool.mlaudit] select`/`ignore`,
    `--select`/`--ignore`).

    ## References
    Yang, Brower-Sinning, Lewis, Kästner: "Data Leakage in Notebooks: Static Detection and Better
    Processes", ASE 2022. scikit-learn's user guide, "Common pitfalls: data leakage".
    """

    CODE = "MLA002"
    NAME = "preprocessing-leak"
    MESSAGE = "{learner} ({where}) learns from {rows}: {path}"
    VALID: list[Valid] = VALID
    INVALID: list[Invalid] = INVALID
    POLICIES = (RowsPolicy,)

    def check(self, results: Mapping) -> Iterator[Finding]:
        policy = results[ROWS].policy
        evaluations, cross = events_of(policy)
        yield from findings(
            self,
            preprocessing_leaks(evaluations, cross),
            policy.split_places,
            policy.pytest_modules,
        )
