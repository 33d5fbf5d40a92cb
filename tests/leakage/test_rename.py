"""Probe 1: recompute features with the label permuted, constant and removed."""

import copy
import dataclasses

import numpy as np
import pytest

from pytest_mlaudit.leakage import assert_no_label_dependence, label_dependence
from tests.leakage.leak_standin import clean_features, leaky_features


def test_mosaic_sample_flags_low_vaf_only(mosaic):
    report = label_dependence(leaky_features, mosaic, label="is_var")
    assert report.dependent_columns == ["low_vaf"]
    assert any("removed" in f.rewrite and "KeyError" in f.error for f in report.failures)
    permuted = next(c for c in report.changes if "permuted" in c.rewrite)
    assert permuted.column == "low_vaf" and permuted.changed_rows > 0


def test_germline_sample_still_flags_low_vaf_although_it_fires_on_no_row(germline):
    features = leaky_features(germline)
    assert sum(features["low_vaf"]) == 0  # silent on this sample, as on GIAB HG001
    report = label_dependence(leaky_features, germline, label="is_var")
    assert report.dependent_columns == ["low_vaf"]
    set_to_one = next(c for c in report.changes if "= 1" in c.rewrite)
    # Every negative (truth VAF 0 < 0.05) fires once its label reads 1.
    negatives = sum(1 - r["is_var"] for r in germline)
    assert set_to_one.changed_rows == negatives
    assert (set_to_one.before, set_to_one.after) == (0.0, 1.0)


def test_clean_features_pass_and_the_assertion_returns_the_report(mosaic):
    report = assert_no_label_dependence(clean_features, mosaic, label="is_var")
    assert not report.depends_on_label
    assert "no feature column depends on 'is_var'" in str(report)
    assert len(report.rewrites) == 4  # permuted, = 0, = 1, removed


def test_assertion_lists_each_column_and_how_it_changed(germline):
    with pytest.raises(AssertionError) as failure:
        assert_no_label_dependence(leaky_features, germline, label="is_var")
    message = str(failure.value)
    assert "columns that change: 'low_vaf'" in message
    assert "'low_vaf': changes on" in message and "'is_var' = 1 on every record" in message
    assert "feature_fn raised KeyError('is_var')" in message and "'is_var' removed" in message


def test_every_label_derived_field_can_be_probed(mosaic):
    report = label_dependence(leaky_features, mosaic, label=("is_var", "vaf_truth"))
    rewrites = {c.rewrite.split()[0] for c in report.changes}
    assert rewrites == {"'is_var'", "'vaf_truth'"}
    # vaf_truth has hundreds of values: probed at its smallest, median and largest
    assert sum("'vaf_truth' =" in r for r in report.rewrites) == 3


@dataclasses.dataclass(frozen=True)
class Candidate:
    depth: int
    alt_count: int
    is_var: int
    vaf_truth: float


class SlottedCandidate:
    __slots__ = ("alt_count", "depth", "is_var", "vaf_truth")

    def __init__(self, depth, alt_count, is_var, vaf_truth):
        self.depth, self.alt_count, self.is_var, self.vaf_truth = (
            depth,
            alt_count,
            is_var,
            vaf_truth,
        )


def object_features(records):
    return [[r.alt_count / r.depth, float(r.is_var and r.vaf_truth < 0.05)] for r in records]


@pytest.mark.parametrize("record_type", [Candidate, SlottedCandidate])
def test_objects_are_probed_on_copies(germline, record_type):
    records = [
        record_type(r["depth"], r["alt_count"], r["is_var"], r["vaf_truth"]) for r in germline[:300]
    ]
    before = [(r.depth, r.alt_count, r.is_var, r.vaf_truth) for r in records]
    report = label_dependence(
        object_features, records, label="is_var", names=["alt_freq", "low_vaf"]
    )
    assert report.dependent_columns == ["low_vaf"]
    assert any("AttributeError" in f.error for f in report.failures)
    assert [(r.depth, r.alt_count, r.is_var, r.vaf_truth) for r in records] == before


def test_dataframe_records_whole_and_per_row(germline):
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(germline[:300])
    original = frame.copy()

    def frame_features(df):
        return pandas.DataFrame(
            {
                "alt_freq": df["alt_count"] / df["depth"],
                "low_vaf": ((df["is_var"] == 1) & (df["vaf_truth"] < 0.05)).astype(float),
            }
        )

    report = label_dependence(frame_features, frame, label="is_var")
    assert report.dependent_columns == ["low_vaf"]
    assert any("KeyError" in f.error for f in report.failures)
    row_report = label_dependence(
        lambda row: {"low_vaf": float(row["is_var"] and row["vaf_truth"] < 0.05)},
        frame,
        label="is_var",
        per_record=True,
    )
    assert row_report.dependent_columns == ["low_vaf"]
    assert any("at record 0" in f.error for f in row_report.failures)
    pandas.testing.assert_frame_equal(frame, original)


def test_a_feature_function_that_mutates_its_input_cannot_touch_the_users_records(germline):
    records = germline[:100]
    snapshot = copy.deepcopy(records)

    def vandal(recs):
        for r in recs:
            r["is_var"] = 1
        return {"alt_freq": [r["alt_count"] / r["depth"] for r in recs]}

    label_dependence(vandal, records, label="is_var")
    assert records == snapshot


def test_known_limit_a_guarded_read_that_never_happens_is_invisible(germline):
    # vaf is tested first and no record is below 0.05 once negatives are excluded, and the label
    # is read with .get: permuting, constants and removal all leave the output unchanged.
    variants_only = [r for r in germline if r["vaf_truth"] > 0]

    def guarded(records):
        return {"low_vaf": [float(r["vaf_truth"] < 0.05 and r.get("is_var", 0)) for r in records]}

    report = label_dependence(guarded, variants_only, label="is_var")
    assert not report.depends_on_label  # documented in docs/leakage.md; the linter reads the code


def test_nondeterministic_features_are_refused(germline):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="feature_fn is not deterministic: column 'noise'"):
        label_dependence(
            lambda recs: {"noise": rng.normal(size=len(recs))}, germline[:50], label="is_var"
        )


@pytest.mark.parametrize(
    ("records", "label", "message"),
    [
        ([{"a": 1}], "is_var", "record 0 has no label field 'is_var'"),
        ([], "is_var", "records is empty"),
        (
            "abc",
            "is_var",
            "records must be a pandas DataFrame, a list of dicts or a list of objects",
        ),
        ([{"is_var": 1}], "", "label must be a non-empty field name"),
    ],
)
def test_bad_records_and_labels_get_one_line_errors(records, label, message):
    with pytest.raises(ValueError, match=message):
        label_dependence(lambda recs: {"x": [1.0] * len(recs)}, records, label=label)


def test_a_feature_function_that_fails_on_the_original_records_is_an_error(germline):
    with pytest.raises(
        ValueError, match=r"feature_fn fails on the records as given: KeyError\('nope'\)"
    ):
        label_dependence(
            lambda recs: {"x": [r["nope"] for r in recs]}, germline[:10], label="is_var"
        )


def test_a_mapping_of_columns_is_probed_too(germline):
    columns = {
        key: numpy_column
        for key, numpy_column in ((k, np.array([r[k] for r in germline])) for k in germline[0])
    }
    before = {key: values.copy() for key, values in columns.items()}

    def vectorised(cols):
        return {
            "alt_freq": cols["alt_count"] / cols["depth"],
            "low_vaf": ((cols["is_var"] == 1) & (cols["vaf_truth"] < 0.05)).astype(float),
        }

    report = label_dependence(vectorised, columns, label="is_var")
    assert report.dependent_columns == ["low_vaf"]
    assert any("KeyError('is_var')" in f.error for f in report.failures)
    assert all(np.array_equal(columns[k], before[k]) for k in columns)
    assert "'is_var' = 1 on every record" in str(report)  # numpy labels shown as plain values
