"""What a library object is, from the classes the row policy saw it built from."""

from __future__ import annotations

from . import library as lib


def role_of(names: set[str]) -> str:
    if names & lib.SPLITTERS:
        return "splitter"
    if names & (lib.OVERSAMPLERS | lib.UNDERSAMPLERS):
        return "resampler"
    if any(n.startswith("search-of:") for n in names) or names & lib.SEARCH_CLASSES - {"RFECV"}:
        return "search"
    if "pipeline:model" in names:
        return "model"
    if names & (
        lib.STATEFUL_TRANSFORMERS
        | lib.CATEGORY_ENCODERS
        | lib.STATELESS_TRANSFORMERS
        | {"pipeline:transform", "pipeline:stateful", "FixedCategories", "SelectedCategories"}
    ):
        return "transformer"
    return "model"


def stateful(names: set[str]) -> bool:
    return bool(names & (lib.STATEFUL_TRANSFORMERS | {"pipeline:stateful", "SelectedCategories"}))


def display(names: set[str]) -> str:
    shown = sorted(n for n in names if ":" not in n) or sorted(names)
    return shown[0] if shown else "object"
