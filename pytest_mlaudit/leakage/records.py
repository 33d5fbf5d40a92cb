"""Record collections the label probes can rewrite without touching the user's own objects.

Four shapes are supported: a pandas DataFrame (pandas is optional: recognised by duck typing, never
imported here), a mapping of column name -> values (a dict of lists or arrays), a sequence of
mappings (dicts), and a sequence of objects (dataclasses, frozen or not, slotted classes, plain
objects). Every rewrite works on copies: the records the user passed
are never modified.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any


def is_dataframe(value: Any) -> bool:
    return (
        type(value).__module__.split(".")[0] == "pandas"
        and hasattr(value, "columns")
        and hasattr(value, "iloc")
    )


class Records:
    """A label field of a record collection, with copies that permute, replace or remove it."""

    def __init__(self, records: Any, label: str) -> None:
        if not isinstance(label, str) or not label:
            raise ValueError(f"label must be a non-empty field name, got {label!r}")
        self.records = records
        self.label = label
        if is_dataframe(records):
            self.kind = "dataframe"
            if label not in records.columns:
                raise ValueError(
                    f"label {label!r} is not a column of the records (columns: {list(records.columns)[:10]!r})"
                )
            self.size = len(records)
        elif isinstance(records, Mapping):
            self.kind = "columns"
            if label not in records:
                raise ValueError(
                    f"label {label!r} is not a column of the records (columns: {list(records)[:10]!r})"
                )
            lengths = {name: len(values) for name, values in records.items()}
            if len(set(lengths.values())) > 1:
                raise ValueError(
                    f"records is a mapping of columns of different lengths: {lengths!r}"
                )
            self.size = lengths[label]
        elif isinstance(records, Sequence) and not isinstance(records, (str, bytes)):
            self.size = len(records)
            if self.size == 0:
                raise ValueError("records is empty: there is nothing to recompute features on")
            self.kind = "mappings" if isinstance(records[0], Mapping) else "objects"
            for index, record in enumerate(records):
                if not self._has_label(record):
                    raise ValueError(f"record {index} has no label field {label!r}")
        else:
            raise ValueError(
                "records must be a pandas DataFrame, a list of dicts or a list of objects, "
                f"got {type(records).__name__}"
            )
        if self.size == 0:
            raise ValueError("records is empty: there is nothing to recompute features on")

    def _has_label(self, record: Any) -> bool:
        if self.kind == "mappings":
            return isinstance(record, Mapping) and self.label in record
        return hasattr(record, self.label)

    def label_values(self) -> list:
        if self.kind == "dataframe":
            return self.records[self.label].tolist()
        if self.kind == "columns":
            return list(self.records[self.label])
        if self.kind == "mappings":
            return [record[self.label] for record in self.records]
        return [getattr(record, self.label) for record in self.records]

    def copy(self) -> Any:
        """An untouched deep-enough copy (each record copied), so feature_fn cannot alter ours."""
        if self.kind == "dataframe":
            return self.records.copy()
        if self.kind == "columns":
            return {name: copy.copy(values) for name, values in self.records.items()}
        return [copy.copy(record) for record in self.records]

    def with_label(self, values: Sequence) -> Any:
        """A copy whose label field holds ``values`` (one per record)."""
        if self.kind == "dataframe":
            rewritten = self.records.copy()
            rewritten[self.label] = list(values)
            return rewritten
        if self.kind == "columns":
            rewritten = self.copy()
            original = self.records[self.label]
            # keep an array an array (of the same kind), so feature code that does arithmetic on it still runs
            rewritten[self.label] = (
                type(original)(values)
                if isinstance(original, (list, tuple))
                else _like(original, values)
            )
            return rewritten
        rewritten = []
        for record, value in zip(self.records, values):
            duplicate = self._mutable_copy(record)
            if self.kind == "mappings":
                duplicate[self.label] = value
            else:
                object.__setattr__(duplicate, self.label, value)  # also works on frozen dataclasses
            rewritten.append(duplicate)
        return rewritten

    def without_label(self) -> Any:
        """A copy with the label field removed: reading it raises KeyError or AttributeError."""
        if self.kind == "dataframe":
            return self.records.drop(columns=[self.label])
        if self.kind == "columns":
            return {
                name: copy.copy(values)
                for name, values in self.records.items()
                if name != self.label
            }
        rewritten = []
        for record in self.records:
            duplicate = self._mutable_copy(record)
            if self.kind == "mappings":
                del duplicate[self.label]
            else:
                try:
                    object.__delattr__(duplicate, self.label)
                except AttributeError:
                    raise ValueError(
                        f"cannot remove field {self.label!r} from a {type(record).__name__} "
                        "(a property or class attribute?); pass the records as dicts instead"
                    ) from None
            rewritten.append(duplicate)
        return rewritten

    def _mutable_copy(self, record: Any) -> Any:
        duplicate = copy.copy(record)
        if self.kind == "mappings" and not isinstance(duplicate, MutableMapping):
            duplicate = dict(duplicate)  # a read-only mapping: rewrite a dict with the same items
        return duplicate


def _like(original: Any, values: Sequence) -> Any:
    """``values`` as the same kind of column as ``original`` (a numpy array stays an array)."""
    if hasattr(original, "__array__"):
        import numpy as np

        return np.asarray(values)
    return list(values)
