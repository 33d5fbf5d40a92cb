"""Stratification BEDs (GIAB layout), stratified F1, and a seed's calls as a VCF read back by pysam."""

from __future__ import annotations

import gzip

import numpy as np
import pysam
import pytest

from examples.variant_calling import alleles, calls_vcf, inputs, strata
from examples.variant_calling.dataset import load_dataset


@pytest.fixture(scope="module")
def tiny_dataset(tiny_benchmark, tmp_path_factory):
    import os

    previous = os.environ.get("MLAUDIT_CACHE")
    os.environ["MLAUDIT_CACHE"] = str(tmp_path_factory.mktemp("vc-derived"))
    try:
        yield load_dataset(tiny_benchmark)  # the caller's candidates: the default
    finally:
        if previous is None:
            os.environ.pop("MLAUDIT_CACHE")
        else:
            os.environ["MLAUDIT_CACHE"] = previous


# --------------------------------------------------------------------------------------------
# the generator's stratifications


def test_generator_writes_giab_layout_with_a_manifest(tiny_benchmark):
    manifest = tiny_benchmark.stratifications
    assert manifest.name == "GRCh37-all-stratifications.tsv"
    entries = strata.read_manifest(manifest)
    assert set(entries) == {
        "GRCh37_AllHomopolymers_ge7bp_imperfectge11bp_slop5",
        "GRCh37_AllTandemRepeats_le50bp_slop5",
        "GRCh37_segdups",
        "GRCh37_lowcoverage_simulated",
        "GRCh37_alldifficultregions",
        "GRCh37_notinalldifficultregions",
    }
    assert entries["GRCh37_segdups"].parent.name == "SegmentalDuplications"
    for path in entries.values():
        assert inputs.file_kind(path) == "bgzf"  # bgzipped, as GIAB ships them


def test_homopolymer_stratum_covers_every_run_of_seven_with_slop(tiny_benchmark):
    reference = inputs.reference_sequence(tiny_benchmark.reference, tiny_benchmark.contig)
    regions = strata.load_region_strata(tiny_benchmark.stratifications, "21", len(reference))
    homopolymers = regions["homopolymer >=7 bp"]
    runs = [(m.start(), m.end()) for m in __import__("re").finditer(r"(.)\1{6,}", reference)]
    assert runs
    starts = np.array([s for s, _ in runs])
    ends = np.array([e for _, e in runs])
    assert strata.overlaps(homopolymers, starts - 5, starts - 4).all()  # the 5 bp slop
    assert strata.overlaps(homopolymers, ends + 4, ends + 5).all()
    union = regions["all difficult"]
    rest = regions["not difficult"]
    assert (union[:, 1] - union[:, 0]).sum() + (rest[:, 1] - rest[:, 0]).sum() == len(reference)


def test_giab_v31_names_are_recognised_and_missing_strata_left_out(tmp_path):
    (tmp_path / "LowComplexity").mkdir()
    bed = tmp_path / "LowComplexity" / "GRCh38_AllHomopolymers_gt6bp_imperfectgt10bp_slop5.bed.gz"
    with gzip.open(bed, "wt") as handle:
        handle.write("chr21\t100\t120\nchr22\t5\t9\n")
    (tmp_path / "v3.1-GRCh38-all-stratifications.tsv").write_text(
        f"GRCh38_AllHomopolymers_gt6bp_imperfectgt10bp_slop5\tLowComplexity/{bed.name}\n"
    )
    manifest = strata.find_manifest(tmp_path)
    regions = strata.load_region_strata(manifest, "21", 1_000)
    assert list(regions) == ["homopolymer >=7 bp"]
    assert regions["homopolymer >=7 bp"].tolist() == [[100, 120]]


def test_a_bad_manifest_line_is_one_line(tmp_path):
    path = tmp_path / "GRCh37-all-stratifications.tsv"
    path.write_text("GRCh37_segdups\n")
    with pytest.raises(inputs.InputError) as error:
        strata.read_manifest(path)
    assert "line 1" in str(error.value) and "\n" not in str(error.value)


def test_overlap_is_haplotype_span_against_merged_intervals():
    intervals = np.array([[10, 20], [30, 40]])
    start = np.array([5, 9, 19, 20, 25, 35, 40])
    end = start + np.array([1, 2, 1, 1, 6, 1, 1])
    assert strata.overlaps(intervals, start, end).tolist() == [
        False, True, True, False, True, True, False,
    ]  # fmt: skip


def test_stratified_f1_by_hand():
    from pytest_mlaudit import Run

    y = np.array([1, 1, 0, 0, 1, 0])
    masks = {"left": np.array([1, 1, 1, 0, 0, 0], bool), "none": np.array([0, 0, 1, 1, 0, 1], bool)}
    runs = [
        Run(y, np.array([0.9, 0.1, 0.8, 0.1, 0.9, 0.1])),  # left: tp 1, fn 1, fp 1 -> 0.5
        Run(y, np.array([0.9, 0.9, 0.1, 0.1, 0.9, 0.1])),  # left: 1.0
    ]
    rows = {r.label: r for r in strata.stratified_f1(runs, masks)}
    assert rows["left"].n == 3 and rows["left"].positives == 2
    assert rows["left"].f1_mean == pytest.approx(0.75)
    assert rows["left"].f1_sd == pytest.approx(np.std([0.5, 1.0], ddof=1))
    assert rows["none"].positives == 0 and rows["none"].f1_mean != rows["none"].f1_mean  # NaN
    assert rows["all"].n == 6
    assert "| left | 3 | 2 | 0.750 ± 0.354 |" in strata.format_table(list(rows.values()))


def test_every_test_row_has_its_allele_and_strata(tiny_dataset):
    sites = tiny_dataset.test_sites
    n = len(tiny_dataset.y_test)
    assert len(sites.pos) == len(sites.ref) == len(sites.alt) == n
    assert all(len(mask) == n for mask in sites.strata.values())
    assert (sites.strata["SNV"] ^ sites.strata["INDEL"]).all()
    assert (sites.strata["het"] ^ sites.strata["hom-alt"]).all()
    assert "segmental duplication" in sites.strata and sites.strata["SNV"].any()


# --------------------------------------------------------------------------------------------
# the calls as a VCF


def test_one_seeds_calls_written_as_vcf_and_read_back_with_pysam(
    tiny_benchmark, tiny_dataset, tmp_path
):
    """Must show: a seed's VCF, read back with pysam, has the calls and the header."""
    sites = tiny_dataset.test_sites
    rng = np.random.default_rng(0)
    labels = tiny_dataset.y_test
    scores = np.clip(labels * 0.8 + rng.uniform(0, 0.3, len(labels)), 0, 1)
    path = calls_vcf.write_calls(
        tmp_path / "vcf" / "fp32-seed0.vcf.gz", sites, scores, sample="GERMLINE", source="test"
    )
    assert path.is_file() and (tmp_path / "vcf" / "fp32-seed0.vcf.gz.tbi").is_file()
    assert not list((tmp_path / "vcf").glob(".*"))  # no partial files left behind

    with pysam.VariantFile(str(path)) as vcf:
        header = vcf.header
        assert list(header.samples) == ["GERMLINE"]
        assert header.contigs["21"].length == sites.contig_length
        assert {"SCORE", "AF_READS"} <= set(header.info) and "GT" in header.formats
        assert "RefCall" in header.filters
        assert any(r.key == "source" and r.value == "test" for r in header.records)
        records = list(vcf.fetch("21"))  # through the tabix index
    assert len(records) == len(labels)
    assert [r.pos for r in records] == sorted(r.pos for r in records)

    called = scores >= 0.5
    by_key = {(int(p), r, a): i for i, (p, r, a) in enumerate(zip(sites.pos, sites.ref, sites.alt))}
    truth = inputs.read_truth_vcf(tiny_benchmark.truth_vcf, "21")
    reference = inputs.reference_sequence(tiny_benchmark.reference, "21")
    truth_keys = {
        alleles.allele_key(p, r, a, reference)
        for p, r, a in zip(truth.pos.tolist(), truth.ref, truth.alt)
    }
    for record in records:
        i = by_key[(record.start, record.ref, record.alts[0])]
        sample = record.samples["GERMLINE"]
        assert record.info["SCORE"] == pytest.approx(scores[i], abs=1e-6)
        if called[i]:
            assert list(record.filter) == ["PASS"]
            expected = (1, 1) if sites.alt_fraction[i] >= strata.HOM_ALT_FRACTION else (0, 1)
            assert sample["GT"] == expected
        else:
            assert list(record.filter) == ["RefCall"] and sample["GT"] == (0, 0)
        # a call on a positive is the truth's allele: hap.py would count it a true positive
        assert ((record.start, record.ref, record.alts[0]) in truth_keys) == bool(labels[i])
    passing = sum(1 for r in records if "PASS" in r.filter)
    assert passing == called.sum() > 0
    assert max(r.qual for r in records) <= calls_vcf.MAX_QUAL


def test_test_sites_bed_spans_every_call(tiny_dataset, tmp_path):
    sites = tiny_dataset.test_sites
    bed = calls_vcf.write_sites_bed(tmp_path / "test-sites.bed", sites)
    intervals = inputs.read_bed(bed, "21")
    assert strata.overlaps(intervals, sites.pos, sites.end).all()
