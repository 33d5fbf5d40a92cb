"""Probe 1, the rename/permute protocol (§8 item 3 of the paper), run rather than read.

The feature function is run on the records as they are, then on copies in which the label field is

* permuted across records (a seeded shuffle),
* replaced by a constant, once for each observed label value (for a field with more than
  ``max_constants`` distinct values: its smallest, median and largest),
* removed altogether.

A feature column whose values change under any rewrite depends on the label; a rewrite under
which the function raises (a KeyError or AttributeError once the label is removed) means the
function reads the label. Both are reported, per column and per rewrite, with an example row.

When it detects a leak, and when it cannot (see docs/leakage.md for the worked cases):

* A label read that changes the output of at least one record under some rewrite is found,
  including a feature that fires on *no* record of the data: ``float(is_var and vaf < 0.05)`` on
  a germline sample (no positive below 0.05) changes under "label = 1" wherever a negative has a
  low VAF, and raises once the label is removed.
* Removal catches a read whose value never matters on these records, but only if the read
  happens and is not guarded: ``record.get("is_var", 0)``, ``getattr(r, "is_var", None)`` or a
  short-circuit that skips the read (``vaf < 0.05 and r["is_var"]`` with no VAF below 0.05) leave
  nothing to see. The static linter (mlaudit-lint) reads the code instead.
* It perturbs only the fields named in ``label``: a second copy of the truth under another name
  (``truth_genotype``, ``vaf_truth``) must be named too.
* It sees only the records given: run it on the broadest set available, all splits together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .columns import as_columns, differing_rows
from .records import Records, is_dataframe


@dataclasses.dataclass(frozen=True)
class ColumnChange:
    """One feature column that changed under one rewrite of the label."""

    column: str
    rewrite: str
    changed_rows: int
    rows: int
    example_row: int | None = None
    before: Any = None
    after: Any = None
    note: str = ""

    def describe(self) -> str:
        if self.note:
            return f"{self.column!r}: {self.note} with {self.rewrite}"
        example = (
            f" (row {self.example_row}: {self.before!r} -> {self.after!r})"
            if self.example_row is not None
            else ""
        )
        return f"{self.column!r}: changes on {self.changed_rows}/{self.rows} rows with {self.rewrite}{example}"


@dataclasses.dataclass(frozen=True)
class RewriteFailure:
    """feature_fn raised under a rewrite (it ran on the original records)."""

    rewrite: str
    error: str

    def describe(self) -> str:
        return f"feature_fn raised {self.error} with {self.rewrite}: it reads the label"


@dataclasses.dataclass(frozen=True)
class LabelDependence:
    """What the rename/permute protocol found; ``str()`` lists every finding."""

    labels: tuple
    columns: tuple
    rewrites: tuple
    changes: tuple
    failures: tuple
    notes: tuple = ()

    @property
    def dependent_columns(self) -> list:
        """Columns whose values changed under some rewrite, in output order."""
        changed = {change.column for change in self.changes}
        return [column for column in self.columns if column in changed]

    @property
    def depends_on_label(self) -> bool:
        return bool(self.changes or self.failures)

    def __str__(self) -> str:
        labels = ", ".join(repr(label) for label in self.labels)
        if not self.depends_on_label:
            lines = [
                f"no feature column depends on {labels}: {len(self.columns)} columns unchanged under {len(self.rewrites)} rewrites"
            ]
        else:
            lines = [f"features depend on the label {labels}:"]
            if self.dependent_columns:
                lines.append(
                    f"  columns that change: {', '.join(map(repr, self.dependent_columns))}"
                )
            lines += [f"  - {change.describe()}" for change in self.changes]
            lines += [
                f"  - {failure.describe()} (every column fails together)"
                for failure in self.failures
            ]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def _call(feature_fn: Callable, records: Any, per_record: bool) -> Any:
    if not per_record:
        return feature_fn(records)
    rows = (records.iloc[i] for i in range(len(records))) if is_dataframe(records) else records
    outputs = []
    for index, record in enumerate(rows):
        try:
            outputs.append(feature_fn(record))
        except Exception as error:
            raise _RecordError(index, error) from error
    return outputs


class _RecordError(Exception):
    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(f"{_describe_error(error)} at record {index}")


def _describe_error(error: Exception) -> str:
    """KeyError('is_var'), not KeyError("'is_var'") as str() of a KeyError would give."""
    if isinstance(error, _RecordError):
        return str(error)
    if len(error.args) == 1:
        return f"{type(error).__name__}({error.args[0]!r})"
    return repr(error)


def _constants(values: list, max_constants: int) -> list:
    distinct = sorted({_plain(v) for v in values}, key=lambda v: (str(type(v)), v))
    if len(distinct) <= max_constants:
        return distinct
    return [distinct[0], distinct[len(distinct) // 2], distinct[-1]]


def _rewrites(records: Records, seed: int, max_constants: int) -> list:
    """(description, rewritten records or None for removal, note) for one label field."""
    values = records.label_values()
    label = records.label
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(values))
    permuted = [values[i] for i in order]
    moved = sum(a != b for a, b in zip(values, permuted))
    rewrites = [
        (
            f"{label!r} permuted ({moved} of {len(values)} labels moved)",
            records.with_label(permuted),
        )
    ]
    for constant in _constants(values, max_constants):
        rewrites.append(
            (
                f"{label!r} = {constant!r} on every record",
                records.with_label([constant] * len(values)),
            )
        )
    rewrites.append((f"{label!r} removed", records.without_label()))
    return rewrites


def label_dependence(
    feature_fn: Callable,
    records: Any,
    label: str | Sequence[str] = "label",
    *,
    per_record: bool = False,
    names: Sequence[str] | None = None,
    seed: int = 0,
    max_constants: int = 10,
) -> LabelDependence:
    """Recompute ``feature_fn(records)`` with each label field permuted, constant and removed.

    ``records``: a pandas DataFrame, a dict of columns, a list of dicts, or a list of objects
    (dataclasses, slotted classes...).
    ``label``: the label field, or several label-derived fields (each probed on its own).
    ``per_record=True`` calls ``feature_fn(record)`` once per record (a DataFrame row is a Series)
    instead of once on the whole collection. ``names`` names the columns of an array output.
    The records passed in are never modified.
    """
    labels = (label,) if isinstance(label, str) else tuple(label)
    if not labels:
        raise ValueError("label must name at least one field")
    probes = [Records(records, field) for field in labels]
    baseline_input = probes[0].copy()
    try:
        baseline = as_columns(_call(feature_fn, baseline_input, per_record), names)
    except Exception as error:
        raise ValueError(
            f"feature_fn fails on the records as given: {_describe_error(error)}"
        ) from error
    again = as_columns(_call(feature_fn, probes[0].copy(), per_record), names)
    for column, values in baseline.items():
        if (
            column not in again
            or values.shape != again[column].shape
            or len(differing_rows(values, again[column]))
        ):
            raise ValueError(
                f"feature_fn is not deterministic: column {column!r} differs between two runs on the same "
                "records, so a label dependence cannot be told from noise; seed its randomness"
            )
    rows = len(next(iter(baseline.values()))) if baseline else 0
    changes, failures, descriptions = [], [], []
    for probe in probes:
        for description, rewritten in _rewrites(probe, seed, max_constants):
            descriptions.append(description)
            try:
                output = as_columns(_call(feature_fn, rewritten, per_record), names)
            except Exception as error:
                failures.append(RewriteFailure(description, _describe_error(error)))
                continue
            changes.extend(_compare(baseline, output, description, rows))
    notes = []
    if any(len(set(map(str, probe.label_values()))) < 2 for probe in probes):
        notes.append(
            "a label field holds a single value: permuting it changes nothing, only constants and removal probe it"
        )
    return LabelDependence(
        labels=labels,
        columns=tuple(baseline),
        rewrites=tuple(descriptions),
        changes=tuple(changes),
        failures=tuple(failures),
        notes=tuple(notes),
    )


def _compare(baseline: dict, output: dict, description: str, rows: int) -> list:
    changes = []
    for column, before in baseline.items():
        after = output.get(column)
        if after is None:
            changes.append(
                ColumnChange(column, description, rows, rows, note="the column disappears")
            )
            continue
        if after.shape != before.shape:
            changes.append(
                ColumnChange(
                    column,
                    description,
                    rows,
                    rows,
                    note=f"its shape changes from {before.shape} to {after.shape}",
                )
            )
            continue
        differing = differing_rows(before, after)
        if len(differing):
            first = int(differing[0])
            changes.append(
                ColumnChange(
                    column,
                    description,
                    len(differing),
                    rows,
                    first,
                    _plain(before[first]),
                    _plain(after[first]),
                )
            )
    for column in output:
        if column not in baseline:
            changes.append(
                ColumnChange(column, description, rows, rows, note="a new column appears")
            )
    return changes


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value, so messages read 1.0 and not np.float64(1.0)."""
    return value.item() if hasattr(value, "item") else value


def assert_no_label_dependence(
    feature_fn: Callable, records: Any, label: str | Sequence[str] = "label", **options
) -> LabelDependence:
    """Raise AssertionError listing every column that depends on the label; else return the report."""
    report = label_dependence(feature_fn, records, label, **options)
    if report.depends_on_label:
        raise AssertionError(
            f"{report}\n\nA feature computed from the label leaks it into the model. Fix the feature "
            "function so it never reads the label; see docs/leakage.md."
        )
    return report
