"""Caller-style candidates: allele counting, thresholds, normalisation, labels against the truth."""

from __future__ import annotations

import numpy as np
import pysam
import pytest

from examples.variant_calling import allele_counts, alleles, candidates, inputs

# --------------------------------------------------------------------------------------------
# left normalisation (Tan et al. 2015)

SEQUENCE = "GGCAAAAATCTCTCTGA"  # a homopolymer A x5 at 3-7, a TC repeat at 8-15


@pytest.mark.parametrize(
    "record, expected",
    [
        ((7, "AT", "T"), (2, "CA", "C")),  # delete the last A: moves to before the run
        ((5, "A", "AA"), (2, "C", "CA")),  # insert an A in the middle of the run
        ((13, "CTG", "G"), (7, "ATC", "A")),  # delete a TC unit at the repeat's end
        ((4, "A", "G"), (4, "A", "G")),  # SNVs are unchanged
        ((2, "CAAAA", "CAAA"), (2, "CA", "C")),  # not parsimonious: trimmed
    ],
)
def test_left_normalize_moves_indels_to_the_leftmost_equivalent(record, expected):
    pos, ref, alt = record
    assert SEQUENCE[pos : pos + len(ref)] == ref  # the test's records are on the sequence
    assert alleles.left_normalize(pos, ref, alt, SEQUENCE) == expected


def test_equal_alleles_are_not_a_variant():
    with pytest.raises(ValueError, match="not a variant"):
        alleles.left_normalize(3, "A", "A", SEQUENCE)


def test_normalised_forms_are_equal_exactly_for_the_same_haplotype():
    rng = np.random.default_rng(1)
    for _ in range(200):
        seq = "".join(rng.choice(list("AC"), 30))
        p, q = sorted(rng.choice(np.arange(1, 28), 2, replace=False))

        def apply(pos, ref, alt):
            return seq[:pos] + alt + seq[pos + len(ref) :]

        a = (p - 1, seq[p - 1 : p + 1], seq[p - 1])  # delete base p
        b = (q - 1, seq[q - 1 : q + 1], seq[q - 1])  # delete base q
        same = apply(*a) == apply(*b)
        assert (alleles.left_normalize(*a, seq) == alleles.left_normalize(*b, seq)) == same


# --------------------------------------------------------------------------------------------
# the caller's pass and the labels


@pytest.fixture(scope="module")
def counted(tiny_benchmark):
    files = tiny_benchmark
    reference = inputs.reference_sequence(files.reference, files.contig)
    counts = allele_counts.count_alleles(files.bam, files.contig, reference)
    return files, reference, counts


def test_base_counts_match_htslib_count_coverage(counted):
    files, reference, counts = counted
    settings = allele_counts.CALLER

    def keep(read):
        return (
            not read.flag & settings.flag_filter
            and read.mapping_quality >= settings.min_mapping_quality
        )

    with pysam.AlignmentFile(str(files.bam)) as bam:
        for start in (1_000, 17_000, 33_333, 52_000):
            expected = np.array(
                bam.count_coverage(
                    files.contig,
                    start,
                    start + 400,
                    quality_threshold=settings.min_base_quality,
                    read_callback=keep,
                )
            ).T
            np.testing.assert_array_equal(counts.bases[start : start + 400], expected)


def test_indel_counts_match_reads_after_normalisation(counted):
    files, reference, counts = counted
    expected: dict = {}
    with pysam.AlignmentFile(str(files.bam)) as bam:
        for read in bam.fetch(files.contig):
            if read.flag & 0xF04 or read.mapping_quality < 5:
                continue
            ref_pos, query = read.reference_start, 0
            for op, n in read.cigartuples:
                if op == 2:
                    key = (
                        ref_pos - 1,
                        reference[ref_pos - 1 : ref_pos + n],
                        reference[ref_pos - 1],
                    )
                elif op == 1 and min(read.query_qualities[query : query + n]) >= 10:
                    anchor = reference[ref_pos - 1]
                    key = (ref_pos - 1, anchor, anchor + read.query_sequence[query : query + n])
                else:
                    key = None
                if key is not None:
                    key = alleles.left_normalize(*key, reference)
                    expected[key] = expected.get(key, 0) + 1
                ref_pos += n if op in (0, 2, 3, 7, 8) else 0
                query += n if op in (0, 1, 4, 7, 8) else 0
    assert counts.indels == expected and expected


def test_candidates_meet_the_thresholds_and_labels_match_the_truth(counted):
    files, reference, counts = counted
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig)
    found = candidates.caller_candidates(counts, truth, confident, reference)
    settings = allele_counts.CALLER
    snv = ~found.is_indel
    assert (found.alt_reads[snv] >= settings.min_count_snvs).all()
    assert (found.alt_reads[snv] >= settings.min_fraction_snvs * found.depth_reads[snv]).all()
    assert (found.alt_reads[~snv] >= settings.min_count_indels).all()
    truth_keys = {
        alleles.allele_key(p, r, a, reference)
        for p, r, a in zip(truth.pos.tolist(), truth.ref, truth.alt)
    }
    for p, r, a, label in zip(found.pos.tolist(), found.ref, found.alt, found.is_var.tolist()):
        assert label == ((p, r, a) in truth_keys)
    in_confident = candidates._inside(truth.pos, confident[:, 0], confident[:, 1]).sum()
    assert found.is_var.sum() + found.missed == in_confident
    assert found.missed < 0.2 * in_confident  # most truth variants have alt evidence
    assert (found.is_var == 0).sum() > 0 and (found.is_indel & (found.is_var == 1)).any()
    assert np.all(np.diff(found.pos) >= 0)


def test_an_indel_written_elsewhere_in_its_repeat_still_matches(counted):
    files, reference, counts = counted
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig)
    baseline = candidates.caller_candidates(counts, truth, confident, reference)
    # Re-write each truth deletion at the right end of its repeat: the same haplotype.
    moved_ref, moved_alt, moved_pos = list(truth.ref), list(truth.alt), truth.pos.copy()
    shifted = 0
    for i, (p, r, a) in enumerate(zip(truth.pos.tolist(), truth.ref, truth.alt)):
        if len(r) > 1 and len(a) == 1:
            unit = r[1:]
            q = p
            while reference[q + 1 + len(unit) : q + 1 + 2 * len(unit)] == unit:
                q += len(unit)
            if q != p:
                moved_pos[i], moved_ref[i], moved_alt[i] = q, reference[q] + unit, reference[q]
                shifted += 1
    assert shifted > 0
    moved = inputs.Truth(
        moved_pos, moved_ref, moved_alt, truth.vaf, truth.is_snv, truth.end, truth.is_hom
    )
    again = candidates.caller_candidates(counts, moved, confident, reference)
    np.testing.assert_array_equal(again.is_var, baseline.is_var)


def test_a_different_alt_base_is_a_negative(counted):
    files, reference, counts = counted
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig)
    wrong = [
        "ACGT"[("ACGT".index(a) + 1) % 4] if snv else a
        for a, snv in zip(truth.alt, truth.is_snv.tolist())
    ]
    wrong = [w if w != r else "ACGT"[("ACGT".index(w) + 1) % 4] for w, r in zip(wrong, truth.ref)]
    mislabelled = inputs.Truth(
        truth.pos, truth.ref, wrong, truth.vaf, truth.is_snv, truth.end, truth.is_hom
    )
    found = candidates.caller_candidates(counts, mislabelled, confident, reference)
    assert found.is_var[~found.is_indel].sum() == 0  # no SNV candidate matches a wrong allele


def test_settings_are_checked():
    with pytest.raises(ValueError, match="min_fraction_snvs"):
        allele_counts.CallerSettings(min_fraction_snvs=1.5)
    with pytest.raises(ValueError, match="min_count_indels"):
        allele_counts.CallerSettings(min_count_indels=0)
