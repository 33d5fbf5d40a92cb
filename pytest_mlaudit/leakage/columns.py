"""Turn what a feature function returns into named columns the probes can compare.

Accepted: a pandas DataFrame; a mapping of column name -> values; a 2-D array or a list of rows
(columns named "0", "1", ... unless ``names`` are given); a list of per-record mappings (one dict
of features per record); a 1-D sequence of scalars (one column, "0").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .records import is_dataframe


def as_columns(
    output: Any, names: Sequence[str] | None = None, *, what: str = "feature_fn"
) -> dict:
    """{column name: 1-D numpy array}, in the output's column order."""
    if is_dataframe(output):
        return {str(name): output[name].to_numpy() for name in output.columns}
    if isinstance(output, Mapping):
        columns = {str(name): np.asarray(values) for name, values in output.items()}
        lengths = {name: column.shape for name, column in columns.items()}
        if (
            any(len(shape) != 1 for shape in lengths.values())
            or len({s[0] for s in lengths.values()}) > 1
        ):
            raise ValueError(
                f"{what} returned a mapping whose values are not 1-D columns of one length: {lengths!r}"
            )
        return columns
    if isinstance(output, Sequence) and output and isinstance(output[0], Mapping):
        keys = list(output[0])
        for index, row in enumerate(output):
            if list(row) != keys:
                raise ValueError(
                    f"{what} returned per-record features with different keys at record {index}"
                )
        return {str(key): np.asarray([row[key] for row in output]) for key in keys}
    array = np.asarray(output)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(
            f"{what} returned an array of shape {array.shape}; expected rows x features"
        )
    if names is not None and len(names) != array.shape[1]:
        raise ValueError(f"{len(names)} names given for {array.shape[1]} feature columns")
    labels = (
        [str(n) for n in names] if names is not None else [str(j) for j in range(array.shape[1])]
    )
    return {label: array[:, j] for j, label in enumerate(labels)}


def differing_rows(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Indices of rows whose value differs; NaN equals NaN, exact comparison otherwise."""
    if before.shape != after.shape:
        raise ValueError("shape changed")
    try:
        same = (before == after) | (np.isnan(before.astype(float)) & np.isnan(after.astype(float)))
    except (TypeError, ValueError):  # non-numeric values: plain equality
        same = np.array([a == b for a, b in zip(before.tolist(), after.tolist())], dtype=bool)
    return np.flatnonzero(~np.asarray(same, dtype=bool))
