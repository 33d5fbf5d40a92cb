"""MLA001 label-leak: the rule (docs, examples, findings); the policy is in `policy.py`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...dataflow.policy import Flow, PolicyResult
from ...ftypes import Finding, TraceStep
from ...rule import Invalid, LintRule, Valid
from .examples import INVALID, VALID
from .names import is_feature_name
from .policy import CODE, LabelLeakPolicy


class LabelLeak(LintRule):
    """A value computed from the label flows into what the model consumes as features.

    ## What it does
    Finds what each module uses as its label — the `y` of `fit`/`score`/`cross_val_*`, the
    array split beside the features by `train_test_split`, a loss's target, `TensorDataset`'s
    second tensor, a dataset's `.target` — plus configured `labels` and `truth-sources` and
    label names (`y_train`, `labels`, `*_truth`), and follows it in execution order through
    assignments, operators, containers, pandas columns (`drop`, `del`, `pop`, selections,
    `get_dummies`, `concat`, `merge`, `groupby(...).transform`), numpy stacking, and calls across
    functions and modules. It reports the first place a model consumes label-derived data: the
    features of a model's `fit`/`predict`/`score` (not of a scaler or an encoder; `predict` of
    a model loaded from disk on a frame that still holds the label column), `cross_val_*`, a
    model's forward call (`model(**batch)`: each entry but `labels`) or prompt, the return
    value of a feature-extraction function, a Dataset item's input (the first of the
    `(input, target)` pair it returns); the finding sits where the feature matrix was bound
    (`X = ...`, not a list grown by `append`) when the label reached it on the way. The message names the origin and the
    path, e.g.
    `is_var (pipeline.py:18) -> extract_features(is_var=...) -> low_vaf (features.py:19) -> feature vector (features.py:27)`.

    ## Why is this bad?
    A feature computed from the label lets the model read the answer. The leak can be silent on
    one data set and decisive on the next: in the audited variant caller,
    `low_vaf = float(is_var and vaf_truth < 0.05)` never fired on GIAB HG001 (no positive has a
    truth VAF below 0.05) and would hand the label to the model on a mosaic or somatic sample.
    Metrics cannot reveal a leak that does not fire; reading the code can.

    ## Example
    ```python
    def extract_features(pileup, is_var, vaf_truth):
        low_vaf = float(is_var and vaf_truth < 0.05)
        return [pileup.depth, pileup.alt_freq, low_vaf]
    ```

    ## Use instead
    ```python
    def extract_features(pileup):
        low_vaf = float(pileup.alt_freq < 0.05)  # observed, not the truth
        return [pileup.depth, pileup.alt_freq, low_vaf]
    ```

    ## Known problems
    The analysis is static. Values flow forward in execution order (a rebinding replaces the old
    value; after an `if` a variable holds what either branch left), but objects' attributes and
    module globals read from other functions hold everything ever stored in them. A leak through
    an API it does not model (a callback registry, `getattr` with a computed name, a pandas
    `eval` string, a third-party function whose result hides its inputs) can be missed. Using
    the label to choose which examples exist (filtering, sampling, stratifying, partitioning by
    class), in a loss, metric or weight, in logging and asserts, as a model's prediction
    (stacking), or keeping it beside the features as the target (`rows.append((features,
    label))`, `return X, y`) is not reported; but a membership test in a set the label selected
    (`pid in positives`) is the label again, and is. Columns chosen by position
    (`df.iloc[:, 1:]`, `df.columns[:-1]`) are not assumed to hold the label. A sub-model's target
    (a regressor imputing `Age`) is not the pipeline's label. `shift(k)` with `k >= 1`, or a
    variable, is taken for a lag (past data, an autoregressive feature); only a negative shift
    reads the future. Labels drawn by a random generator or spelled as constants (simulated data
    in a test) are not sources.

    ## Options
    `[tool.mlaudit]` in `pyproject.toml`: `labels` (extra label names, as variables, attributes
    or DataFrame columns; `--label NAME` on the command line) and `truth-sources` (functions
    whose return value is ground truth, e.g. `"io.read_truth_vcf"`).
    """

    CODE = "MLA001"
    NAME = "label-leak"
    MESSAGE = "label {origin!r} reaches {sink}: {path}"
    VALID: list[Valid] = VALID
    INVALID: list[Invalid] = INVALID

    POLICIES = (LabelLeakPolicy,)

    def check(self, results: Mapping[str, PolicyResult]) -> Iterator[Finding]:
        result = results.get(CODE)
        if result is None:
            return
        yield from findings_of(self, result.flows)


def findings_of(rule: LintRule, flows: list[Flow]) -> list[Finding]:
    """One finding per leak, at the first place a model consumes label-derived data.

    Flows arrive in the order evaluation met them, which is execution order: for one source key
    only the first sink counts (later ones are the same leak used again downstream), and one
    place is reported once, with the flow whose source is the most specific.
    """
    first_per_key: dict[tuple, Flow] = {}
    for flow in flows:
        current = first_per_key.get(flow.key)
        if current is None or (current.sink.weak and not flow.sink.weak):
            first_per_key[flow.key] = flow
    # a stand-in sink (a custom transformer's output) counts only when no key that reaches it
    # also reaches a model: then the model's input is the finding
    strong_keys = {flow.key for flow in flows if not flow.sink.weak}
    covered = {
        (flow.path, flow.span.line, flow.span.column)
        for flow in flows
        if flow.sink.weak and flow.key in strong_keys
    }
    first_per_key = {
        key: flow
        for key, flow in first_per_key.items()
        if not (flow.sink.weak and (flow.path, flow.span.line, flow.span.column) in covered)
    }
    per_place: dict[tuple, Flow] = {}
    for flow in first_per_key.values():
        place = _place(flow)
        current = per_place.get(place)
        if current is None or _preference(flow) < _preference(current):
            per_place[place] = flow
    out = []
    for (path, line, column, end_line, end_column), flow in per_place.items():
        steps = flow.steps
        path_text = " -> ".join(_step_text(step) for step in steps)
        origin = steps[0].description if steps else "label"
        message = rule.MESSAGE.format(
            origin=_origin_name(origin), sink=flow.sink.description, path=path_text
        )
        trace = tuple(TraceStep(s.description, s.path, s.line) for s in steps)
        out.append(
            rule.report(
                path=path,
                line=line,
                end_line=end_line,
                column=column,
                end_column=end_column,
                message=message,
                trace=trace,
            )
        )
    return out


def _place(flow: Flow) -> tuple:
    """Where a finding is reported: the first feature-named variable the label reached on its
    way to the model (where the feature matrix was built with it: `X = ...`), else the sink. A
    list grown in place (`feats.append(row)`) is not yet a model's input: the sink that reads
    it (the feature function's return, `fit`) is."""
    for step in flow.steps[1:-1]:
        if is_feature_name(step.description) and step.line and not step.in_place:
            return (
                step.path,
                step.line,
                step.column or 1,
                step.end_line or step.line,
                step.end_column or None,
            )
    span = flow.span
    return (flow.path, span.line, span.column, span.end_line, span.end_column)


def _preference(flow: Flow) -> tuple:
    """Configured labels first, then what the code uses as its target, then name conventions;
    among equals, the source the furthest upstream (the longest path)."""
    strength = flow.key[-1] if isinstance(flow.key[-1], int) else 3
    return (strength, -len(flow.steps))


def _origin_name(description: str) -> str:
    if description.startswith("label column "):
        return description[len("label column ") :].split(" ", 1)[0].strip("'")
    return description


def _step_text(step) -> str:
    description = step.description
    if description.endswith("=...)"):
        return description
    return f"{description} ({_display(step.path)}:{step.line})"


def _display(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
