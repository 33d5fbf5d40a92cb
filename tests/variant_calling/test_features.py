"""The one-pass pileup extractor agrees with one htslib pileup per position; the leak is Eq. 7."""

from __future__ import annotations

import dataclasses

import numpy as np
import pysam

from examples.variant_calling import candidates, features, inputs


def _candidates(files, n_positives=150):
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig)
    return truth, candidates.sample_candidates(truth, confident, n_positives=n_positives, seed=0)


def test_one_pass_equals_per_position_reference(tiny_benchmark):
    files = tiny_benchmark
    _, chosen = _candidates(files)
    reference = inputs.reference_sequence(files.reference, files.contig)
    fast = features.summarize_pileups(files.bam, files.contig, chosen.pos, reference)
    slow = features.summarize_pileups_per_position(files.bam, files.contig, chosen.pos, reference)
    for field in dataclasses.fields(fast):
        np.testing.assert_allclose(
            getattr(fast, field.name),
            getattr(slow, field.name),
            rtol=0,
            atol=1e-9,
            err_msg=field.name,
        )
    assert fast.depth.max() > 0 and (fast.alt_count > 0).any()


def test_one_pass_handles_sparse_candidates_in_separate_windows(tiny_benchmark):
    files = tiny_benchmark
    reference = inputs.reference_sequence(files.reference, files.contig)
    pos = np.array([5_000, 5_001, 20_000, 40_000, 40_050])  # three fetch windows
    fast = features.summarize_pileups(files.bam, files.contig, pos, reference)
    slow = features.summarize_pileups_per_position(files.bam, files.contig, pos, reference)
    np.testing.assert_array_equal(fast.depth, slow.depth)
    np.testing.assert_allclose(fast.mean_bq, slow.mean_bq)


def _fragments_at(bam, contig, pos):
    names = []
    for column in bam.pileup(
        contig,
        pos,
        pos + 1,
        truncate=True,
        stepper="nofilter",
        ignore_overlaps=False,
        min_base_quality=0,
    ):
        names = [
            p.alignment.query_name
            for p in column.pileups
            if not p.is_del
            and not p.is_refskip
            and not p.alignment.flag & 0x704
            and p.alignment.query_qualities[p.query_position] >= 13
        ]
    return names


def test_duplicates_and_overlapping_mates_are_counted_once(tiny_benchmark):
    files = tiny_benchmark
    reference = inputs.reference_sequence(files.reference, files.contig)
    with pysam.AlignmentFile(str(files.bam)) as bam:
        for read in bam.fetch(files.contig):
            if (
                read.is_proper_pair
                and not read.is_reverse
                and 0 < read.template_length < 2 * read.query_length
            ):
                pos = read.reference_end - 1  # covered by both mates
                names = _fragments_at(bam, files.contig, pos)
                if len(names) > len(set(names)):
                    break
    summary = features.summarize_pileups(files.bam, files.contig, np.array([pos]), reference)
    assert len(names) > len(set(names)), "the chosen position has both mates"
    assert summary.depth[0] == len(set(names))


def test_pcr_duplicates_are_not_counted(tiny_benchmark):
    files = tiny_benchmark
    reference = inputs.reference_sequence(files.reference, files.contig)
    with pysam.AlignmentFile(str(files.bam)) as bam:
        duplicate = next(
            r for r in bam.fetch(files.contig) if r.is_duplicate and r.cigarstring == "100M"
        )
        pos = duplicate.reference_start + 50
        with_duplicates = {
            p.alignment.query_name
            for column in bam.pileup(
                files.contig,
                pos,
                pos + 1,
                truncate=True,
                stepper="nofilter",
                min_base_quality=13,
                ignore_overlaps=False,
            )
            for p in column.pileups
            if not p.is_del and p.alignment.query_qualities[p.query_position] >= 13
        }
    summary = features.summarize_pileups(files.bam, files.contig, np.array([pos]), reference)
    assert duplicate.query_name in with_duplicates
    assert summary.depth[0] == len(with_duplicates) - sum(
        n.startswith("d") for n in with_duplicates
    )


def test_leaky_feature_is_eq7_and_deleaked_feature_ignores_labels(tiny_benchmark):
    files = tiny_benchmark
    _, chosen = _candidates(files, n_positives=50)
    reference = inputs.reference_sequence(files.reference, files.contig)
    summary = features.summarize_pileups(files.bam, files.contig, chosen.pos, reference)
    vaf = chosen.vaf_truth.copy()
    vaf[::7] = 0.02  # pretend some candidates are low-VAF
    leaky = features.extract_features(summary, chosen.is_var, vaf)
    expected = ((chosen.is_var == 1) & (vaf < 0.05)).astype(np.float32)
    np.testing.assert_array_equal(leaky[:, features.LOW_VAF_INDEX], expected)
    assert leaky.shape == (len(chosen.pos), 12)
    np.testing.assert_array_equal(leaky[:, 7], 0.5)
    np.testing.assert_array_equal(leaky[:, 8], 0.5)
    clean = features.extract_features_deleaked(summary, seed=3)
    np.testing.assert_array_equal(np.delete(clean, 6, axis=1), np.delete(leaky, 6, axis=1))
    assert clean[:, 6].min() >= 0 and clean[:, 6].max() < 1 and np.unique(clean[:, 6]).size > 10


def test_pileup_columns_are_consistent(tiny_benchmark):
    files = tiny_benchmark
    _, chosen = _candidates(files, n_positives=100)
    reference = inputs.reference_sequence(files.reference, files.contig)
    x = features.extract_features_deleaked(
        features.summarize_pileups(files.bam, files.contig, chosen.pos, reference)
    )
    covered = x[:, 0] > 0
    assert np.all(x[covered, 1] + x[covered, 4] <= 1 + 1e-6)  # alt + ref fractions
    np.testing.assert_allclose(x[covered, 4] * x[covered, 0], x[covered, 5], rtol=1e-5)
    assert np.all(x[covered, 2] >= features.PILEUP.min_base_quality)
    assert np.all((x[:, 9] >= 0) & (x[:, 9] <= 1)) and np.all(x[covered, 10] >= x[covered, 11])
    positives = chosen.is_var == 1
    assert x[positives & covered, 1].mean() > 0.4 > x[~positives & covered, 1].mean()
