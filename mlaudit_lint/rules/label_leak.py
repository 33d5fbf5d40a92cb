"""MLA001 label-leak."""

from __future__ import annotations

from collections.abc import Iterator

from ..dataflow import display_path
from ..ftypes import Finding, TraceStep
from ..rule import Invalid, LintRule, Valid
from .label_leak_examples import INVALID, VALID


class LabelLeak(LintRule):
    """A value computed from the label flows into what the model consumes as features.

    ## What it does
    Follows the label (configured `labels`, common label names such as `y`, `y_train`,
    `labels`, `target` or `*_truth`, names used as the label in `fit`/`cross_val_*`/a loss/
    `TensorDataset`, and the return values of configured `truth-sources`) through assignments,
    operators, containers, calls across functions and modules, pandas columns and numpy
    stacking, and reports the first place where it reaches a model input: the features of
    `fit`/`predict`/`score`/`cross_val_*`, a model's forward call, the return value of a
    feature-extraction function, or a feature-named variable (`X`, `features`, `feats`, ...).
    The message names the origin and the path, e.g.
    `is_var (pipeline.py:19) -> extract_features(is_var=...) -> low_vaf (features.py:19) -> feature vector (features.py:27)`.

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
    The analysis is static and flow-insensitive inside a function: a variable is the union of
    everything assigned to it, so reusing one name for the label and for features can cause a
    false alarm, and a leak through an API it does not model (a callback registry, `getattr`,
    a pandas `eval` string, a third-party function whose result hides its inputs) can be missed.
    Using the label to choose which examples exist (filtering, sampling, stratifying), in a loss,
    metric or weight, in logging and asserts, or keeping it beside the features as the target
    (`rows.append((features, label))`, `return X, y`) is not reported; but a membership test in
    a set the label selected (`pid in positives`) is the label again, and is. A method call
    resolves to an in-tree class when the receiver is built from that class in the same function
    (or `self.attr` is, in every method that sets it); otherwise only when the method name is
    unique in the linted files. `shift(k)` with `k >= 1`, or a variable, is taken for a lag (past
    data, an autoregressive feature); only a negative shift reads the future. Labels drawn by a
    random generator or spelled as constants (simulated data in a test) are not sources.

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

    def check(self, flows) -> Iterator[Finding]:
        for hit in flows:
            path_text = " -> ".join(_step_text(step) for step in hit.hops)
            message = self.MESSAGE.format(origin=hit.origin, sink=hit.description, path=path_text)
            trace = tuple(TraceStep(step[0], step[1], step[2]) for step in hit.hops)
            finding = self.report(
                path=hit.path,
                line=hit.line,
                end_line=hit.end_line,
                column=hit.column,
                message=message,
                trace=trace,
            )
            if finding is not None:
                yield finding


def _step_text(step: tuple) -> str:
    description, path, line, _ = step
    if description.endswith("=...)"):
        return description
    return f"{description} ({display_path(path)}:{line})"
