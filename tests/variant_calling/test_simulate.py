"""The generator writes valid, indexed, deterministic files with the hard cases it promises."""

from __future__ import annotations

import hashlib

import numpy as np
import pysam
import pytest

from examples.variant_calling import inputs
from examples.variant_calling.simulate import SimulationParams, ensure_benchmark


def _digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_files_are_written_indexed_and_readable(tiny_benchmark, tiny_params):
    files = tiny_benchmark
    for path in (files.reference, files.bam, files.truth_vcf, files.confident_bed):
        assert path.is_file() and path.stat().st_size > 0
    assert (files.bam.parent / "reads.bam.bai").is_file()
    assert (files.truth_vcf.parent / "truth.vcf.gz.tbi").is_file()
    assert (files.reference.parent / "reference.fa.fai").is_file()
    with pysam.AlignmentFile(str(files.bam)) as bam:
        assert bam.header["HD"]["SO"] == "coordinate"
        starts = [r.reference_start for r in bam.fetch(files.contig)]
        assert starts == sorted(starts)
    assert len(inputs.reference_sequence(files.reference, files.contig)) == tiny_params.length


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, tiny_params, tiny_benchmark):
    again = ensure_benchmark(tiny_params, cache_dir=tmp_path / "a")
    assert _digest(again.bam) == _digest(tiny_benchmark.bam)
    assert _digest(again.truth_vcf) == _digest(tiny_benchmark.truth_vcf)
    other = ensure_benchmark(
        SimulationParams(**{**tiny_params.__dict__, "seed": 1}), cache_dir=tmp_path / "b"
    )
    assert _digest(other.reference) != _digest(tiny_benchmark.reference)


def test_cache_is_reused_and_leaves_no_temporary_directories(tmp_path, tiny_params):
    first = ensure_benchmark(tiny_params, cache_dir=tmp_path)
    mtime = first.bam.stat().st_mtime_ns
    second = ensure_benchmark(tiny_params, cache_dir=tmp_path)
    assert second.bam == first.bam and second.bam.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []


def _unique_primary(read):
    # outside duplicated segments: there half the reads come from the other copy
    return not read.flag & 0x704 and read.mapping_quality >= 20


def test_germline_allele_fractions_match_genotypes(tiny_benchmark):
    files = tiny_benchmark
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    fractions = {0.5: [], 1.0: []}
    with pysam.AlignmentFile(str(files.bam)) as bam:
        for pos, alt, vaf, snv in list(zip(truth.pos, truth.alt, truth.vaf, truth.is_snv))[:200]:
            if not snv:
                continue
            counts = bam.count_coverage(
                files.contig,
                int(pos),
                int(pos) + 1,
                quality_threshold=13,
                read_callback=_unique_primary,
            )
            depth = sum(c[0] for c in counts)
            if depth >= 10:
                fractions[vaf].append(counts["ACGT".index(alt)][0] / depth)
    assert 0.4 < np.median(fractions[0.5]) < 0.6
    assert np.median(fractions[1.0]) > 0.9


def test_mosaic_sample_has_low_vaf_positives(tiny_mosaic):
    truth = inputs.read_truth_vcf(tiny_mosaic.truth_vcf, tiny_mosaic.contig)
    low = truth.vaf[truth.is_snv] < 0.05
    assert 0.3 < low.mean() < 0.7


def test_hard_cases_are_present(tiny_benchmark):
    with pysam.AlignmentFile(str(tiny_benchmark.bam)) as bam:
        reads = list(bam.fetch(until_eof=True))
    mapped = [r for r in reads if not r.is_unmapped]
    assert any(r.mapping_quality <= 3 for r in mapped), "duplicated segments give MAPQ 0-3"
    assert any("D" in r.cigarstring or "I" in r.cigarstring for r in mapped), "repeat indels"
    assert any(r.is_duplicate for r in reads) and any(r.is_unmapped for r in reads)
    overlapping = [
        r for r in mapped if r.is_proper_pair and 0 < r.template_length < 2 * r.query_length
    ]
    assert overlapping, "some mates overlap"
    quals = np.array(
        [r.query_qualities for r in mapped if not r.is_reverse and r.cigarstring == "100M"][:2000]
    )
    assert quals[:, :10].mean() > quals[:, -10:].mean() + 5, "3' quality decline"


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="sample"):
        SimulationParams(sample="tumour")
