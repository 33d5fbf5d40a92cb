"""Candidates as §2.6 (3:1, confident regions, no negative on a variant) and the two splits."""

from __future__ import annotations

import numpy as np
import pytest

from examples.variant_calling import candidates, inputs


@pytest.fixture(scope="module")
def truth_and_bed(tiny_benchmark):
    files = tiny_benchmark
    return inputs.read_truth_vcf(files.truth_vcf, files.contig), inputs.read_bed(
        files.confident_bed, files.contig
    )


def test_three_negatives_per_positive_inside_confident_regions(truth_and_bed):
    truth, bed = truth_and_bed
    chosen = candidates.sample_candidates(truth, bed, n_positives=100, seed=0)
    assert chosen.is_var.sum() == 100 and (chosen.is_var == 0).sum() == 300
    assert np.all(np.diff(chosen.pos) > 0)
    inside = np.zeros(bed[:, 1].max(), dtype=bool)
    for s, e in bed:
        inside[s:e] = True
    assert inside[chosen.pos].all()
    variant_bases = {p for s, e in zip(truth.pos, truth.end) for p in range(s, e)}
    assert not variant_bases & set(chosen.pos[chosen.is_var == 0].tolist())
    assert set(chosen.pos[chosen.is_var == 1].tolist()) <= set(truth.pos[truth.is_snv].tolist())
    again = candidates.sample_candidates(truth, bed, n_positives=100, seed=0)
    np.testing.assert_array_equal(again.pos, chosen.pos)


def test_too_many_positives_requested_is_named(truth_and_bed):
    truth, bed = truth_and_bed
    with pytest.raises(ValueError, match="n_positives"):
        candidates.sample_candidates(truth, bed, n_positives=10_000)


def test_stratified_split_keeps_prevalence_and_is_fixed():
    labels = np.r_[np.ones(200, dtype=int), np.zeros(600, dtype=int)]
    train, test = candidates.stratified_split(labels, 0.3, seed=0)
    assert len(set(train) & set(test)) == 0 and len(train) + len(test) == 800
    assert labels[test].sum() == 60 and len(test) == 240
    train2, test2 = candidates.stratified_split(labels, 0.3, seed=0)
    np.testing.assert_array_equal(test, test2)
    _, test3 = candidates.stratified_split(labels, 0.3, seed=1)
    assert not np.array_equal(test, test3)


def test_block_split_puts_each_block_on_one_side():
    rng = np.random.default_rng(0)
    pos = np.sort(rng.choice(1_000_000, 2_000, replace=False))
    labels = (rng.random(2_000) < 0.25).astype(int)
    train, test = candidates.block_split(pos, labels, block_size=50_000, test_fraction=0.3, seed=0)
    assert set(pos[train] // 50_000).isdisjoint(set(pos[test] // 50_000))
    assert 0.2 < labels[test].sum() / labels.sum() < 0.45
    assert len(train) + len(test) == 2_000
