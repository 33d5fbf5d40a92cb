"""Candidates per second of the one-pass pileup extractor against one pileup call per position.

On the generated germline benchmark (1.2 Mb contig, 30x paired reads, the paper's 2,000 positives
+ 6,000 negatives), in one run: the generator's wall time into a fresh directory, the one-pass
extractor over all candidates, the per-position reference (htslib ``pileup()`` per candidate) over
the first ``--reference-candidates`` of them, their agreement on those, and the two ways of writing
reads (SAM text sorted by samtools vs one ``pysam.AlignedSegment`` per read).

    python benchmarks/pileup_features.py [--reference-candidates 2000] [--skip-generation]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(
    0, str(Path(__file__).resolve().parents[1])
)  # the examples/ package lives in the repository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-candidates", type=int, default=2_000)
    parser.add_argument(
        "--skip-generation", action="store_true", help="do not time a fresh generation"
    )
    parser.add_argument(
        "--write-reads",
        type=int,
        default=50_000,
        help="reads for the write-mode comparison (0: skip)",
    )
    args = parser.parse_args()

    import numpy as np

    from examples.variant_calling import candidates, features, inputs
    from examples.variant_calling.simulate import SimulationParams, ensure_benchmark

    params = SimulationParams()
    if not args.skip_generation:
        with tempfile.TemporaryDirectory() as scratch:
            start, cpu = time.perf_counter(), time.process_time()
            fresh = ensure_benchmark(params, cache_dir=Path(scratch))
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            with __import__("pysam").AlignmentFile(str(fresh.bam)) as bam:
                n_reads = bam.mapped + bam.unmapped
            print(
                f"generation: {elapsed:.1f} s wall, {cpu:.1f} CPU s for {params.length:,} bp,"
                f" {n_reads:,} reads (fresh directory)"
            )
    files = ensure_benchmark(params)
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig)
    chosen = candidates.sample_candidates(truth, confident, 2_000, 3, seed=0)
    reference = inputs.reference_sequence(files.reference, files.contig)

    start = time.perf_counter()
    fast = features.summarize_pileups(files.bam, files.contig, chosen.pos, reference)
    one_pass = time.perf_counter() - start
    subset = chosen.pos[: args.reference_candidates]
    start = time.perf_counter()
    slow = features.summarize_pileups_per_position(files.bam, files.contig, subset, reference)
    per_position = time.perf_counter() - start
    worst = max(
        float(np.abs(getattr(fast, f.name)[: len(subset)] - getattr(slow, f.name)).max())
        for f in dataclasses.fields(fast)
    )

    load = os.getloadavg()[0]
    print(f"load average (1 min): {load:.1f} on {os.cpu_count()} cores")
    print(f"{'extractor':<34}{'candidates':>11}{'seconds':>10}{'candidates/s':>15}")
    print(
        f"{'one pass (fetch, sorted)':<34}{len(chosen.pos):>11}{one_pass:>10.2f}{len(chosen.pos) / one_pass:>15.0f}"
    )
    print(
        f"{'one pileup() per position':<34}{len(subset):>11}{per_position:>10.2f}{len(subset) / per_position:>15.0f}"
    )
    print(
        f"speed-up: {(len(chosen.pos) / one_pass) / (len(subset) / per_position):.1f}x; "
        f"largest difference on the shared candidates: {worst:.1e}"
    )
    if args.write_reads:
        _compare_write_modes(files, args.write_reads)


def _compare_write_modes(files, n_reads: int) -> None:
    """Write the first ``n_reads`` reads again both ways, timed in this run."""
    import pysam

    with pysam.AlignmentFile(str(files.bam)) as bam:
        header = bam.header.to_dict()
        rows = []
        for read in bam.fetch(until_eof=True):
            rows.append(
                (
                    read.query_name,
                    read.flag,
                    read.reference_start,
                    read.mapping_quality,
                    read.cigarstring or "*",
                    read.next_reference_start,
                    read.template_length,
                    read.query_sequence,
                    read.qual,
                )
            )
            if len(rows) == n_reads:
                break
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        start = time.perf_counter()
        sam = scratch / "a.sam"
        with open(sam, "w") as out:
            out.write(str(pysam.AlignmentHeader.from_dict(header)))
            out.writelines(
                f"{q}\t{f}\t21\t{p + 1}\t{m}\t{c}\t=\t{mp + 1}\t{t}\t{s}\t{ql}\n"
                for q, f, p, m, c, mp, t, s, ql in rows
            )
        pysam.sort("--no-PG", "-o", str(scratch / "a.bam"), str(sam), catch_stdout=False)
        text_mode = time.perf_counter() - start

        start = time.perf_counter()
        unsorted = scratch / "b.unsorted.bam"
        with pysam.AlignmentFile(str(unsorted), "wb", header=header) as out:
            for q, f, p, m, c, mp, t, s, ql in rows:
                segment = pysam.AlignedSegment(out.header)
                segment.query_name, segment.flag, segment.reference_id = q, f, 0
                segment.reference_start, segment.mapping_quality, segment.cigarstring = (
                    p,
                    m,
                    (None if c == "*" else c),
                )
                segment.next_reference_id, segment.next_reference_start, segment.template_length = (
                    0,
                    mp,
                    t,
                )
                segment.query_sequence = s
                segment.query_qualities = pysam.qualitystring_to_array(ql)
                out.write(segment)
        pysam.sort("--no-PG", "-o", str(scratch / "b.bam"), str(unsorted), catch_stdout=False)
        segment_mode = time.perf_counter() - start
    print(
        f"writing {len(rows):,} reads: SAM text + samtools sort {text_mode:.2f} s; "
        f"pysam.AlignedSegment + sort {segment_mode:.2f} s ({segment_mode / text_mode:.1f}x)"
    )


if __name__ == "__main__":
    main()
