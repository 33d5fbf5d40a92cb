"""The row-set lattice MLA002-MLA004 judge with: which row sets can share a row."""

from __future__ import annotations

from mlaudit_lint.rules.rows.rowsets import (
    Dup,
    Origin,
    Part,
    RowPath,
    Split,
    any_overlap,
    contains,
    copy_before_split,
    overlap,
    split_crossed,
)

DATA = RowPath(Origin("train.py", 3, "df"))
OTHER = RowPath(Origin("train.py", 4, "test"))
SPLIT = Split("train.py", 7, "train_test_split")
FOLDS = Split("train.py", 9, "KFold")
COPY = Dup("train.py", 5, "oversampled")
TRAIN, TEST = DATA.then(Part(SPLIT, "0")), DATA.then(Part(SPLIT, "1"))


def test_two_sides_of_one_split_share_no_row() -> None:
    assert not overlap(TRAIN, TEST)
    assert not overlap(TEST, TRAIN)


def test_a_part_overlaps_the_rows_it_was_taken_from() -> None:
    assert overlap(DATA, TEST) and overlap(TEST, DATA)
    assert contains(DATA, TEST) and not contains(TEST, DATA)


def test_different_origins_share_no_row() -> None:
    assert not overlap(DATA, OTHER)
    assert not any_overlap([DATA], [OTHER])


def test_copies_before_a_split_land_on_both_sides() -> None:
    copied = DATA.then(COPY)
    left, right = copied.then(Part(SPLIT, "0")), copied.then(Part(SPLIT, "1"))
    assert overlap(left, right)
    assert copy_before_split(left, right) == COPY
    assert copy_before_split(TRAIN, TEST) is None


def test_copies_after_the_split_stay_on_their_side() -> None:
    assert not overlap(TRAIN.then(COPY), TEST)


def test_two_different_splits_of_the_same_rows_may_share_rows() -> None:
    other = DATA.then(Part(Split("train.py", 12, "train_test_split"), "1"))
    assert overlap(TRAIN, other)


def test_folds_nest_inside_a_split() -> None:
    fold_train, fold_test = TRAIN.then(Part(FOLDS, "0")), TRAIN.then(Part(FOLDS, "1"))
    assert not overlap(fold_train, fold_test)
    assert overlap(TRAIN, fold_test)
    assert not overlap(TEST, fold_test)


def test_split_crossed_names_the_first_split_after_the_learned_rows() -> None:
    assert split_crossed(DATA, TEST) == SPLIT
    assert split_crossed(TRAIN, TRAIN.then(Part(FOLDS, "1"))) == FOLDS
    assert split_crossed(TEST, TEST) is None
    assert split_crossed(TRAIN, TEST) is None
