"""MLA004 multi-test."""

from __future__ import annotations

from ...rule import Invalid, LintRule, Valid
from .examples import INVALID, VALID


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
    validation or a test split is read from what follows: a later evaluation of the chosen
    candidate on other held-out rows makes it a validation split.

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
    MESSAGE = "{rows} choose {what} and are then reported: {path}"
    VALID: list[Valid] = VALID
    INVALID: list[Invalid] = INVALID
