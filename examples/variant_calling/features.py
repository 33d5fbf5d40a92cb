"""The paper's 12 per-position features, computed from the read pileup (§5.1, Eq. 7).

Layout (positions 0-11, as in the paper)::

    0 depth            4 ref_match_frac     8 constant 0.5
    1 alt_freq         5 ref_match_count    9 pos_strand_frac
    2 mean_bq          6 low_vaf (the leak) 10 read_quality_75
    3 mean_mq          7 constant 0.5       11 read_quality_25

Pileup settings (:data:`PILEUP`), the same in the one-pass extractor and the per-position
reference, and why:

* **flags**: reads that are unmapped, secondary, QC-failed or PCR duplicates are skipped (the
  samtools default, 0x704): a duplicate is not a second observation of the molecule.
* **orphans are kept** (pysam's ``ignore_orphans=False``): a read whose mate did not map still
  observes its bases, and in duplicated segments these reads carry the low-MAPQ signal.
* **no mapping-quality floor**: ``mean_mq`` is a feature; dropping MAPQ-0 reads would hide the
  duplicated-segment artefacts the model should learn to distrust.
* **minimum base quality 13** (the samtools/pysam default): bases below it are not counted, so
  low-quality error clusters do not pose as alleles; ``mean_bq`` is over counted bases.
* **overlapping mates are counted once**: where both mates of a fragment cover the position they
  are one molecule, not two; the mate with the higher base quality is kept (first-in-pair on a
  tie). htslib's own ``ignore_overlaps`` instead rewrites qualities (sum on agreement, 0.8x on
  disagreement), which would make ``mean_bq`` exceed the sequencer's scale.
* **BAQ off**: the features summarise the sequencer's qualities as given; BAQ would rewrite them
  near indels and needs the reference at extraction time.
* **no depth cap**: htslib's default cap (8,000) silently truncates; the one-pass extractor has
  none and the reference sets ``max_depth`` far above any coverage here.
* **deletions and reference skips** at the position are not counted (``depth`` is the number of
  fragments showing a base there, as ``samtools depth`` counts by default).

``read_quality_75``/``_25`` are the 75th and 25th percentiles (linear interpolation) of the
mean base quality of each whole read covering the position; ``alt_freq`` is the share of the most
frequent non-reference base.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FEATURE_NAMES = (
    "depth",
    "alt_freq",
    "mean_bq",
    "mean_mq",
    "ref_match_frac",
    "ref_match_count",
    "low_vaf",
    "const_0.5_a",
    "const_0.5_b",
    "pos_strand_frac",
    "read_quality_75",
    "read_quality_25",
)
LOW_VAF_INDEX = 6
LOW_VAF_THRESHOLD = 0.05


@dataclass(frozen=True)
class PileupSettings:
    flag_filter: int = 0x704  # unmapped | secondary | QC fail | duplicate
    min_base_quality: int = 13
    min_mapping_quality: int = 0
    keep_orphans: bool = True
    merge_gap: int = 1_000  # candidates closer than this share one fetch


PILEUP = PileupSettings()
_FIRST_IN_PAIR = 0x40
_BASE_CODE = {"A": 0, "C": 1, "G": 2, "T": 3}
_REF_CONSUMING = (0, 2, 3, 7, 8)  # M D N = X
_QUERY_CONSUMING = (0, 1, 4, 7, 8)  # M I S = X


@dataclass(frozen=True)
class PileupSummary:
    """Per-candidate pileup statistics over fragments (one array entry per candidate)."""

    depth: Any
    ref_count: Any
    alt_count: Any  # count of the most frequent non-reference base
    mean_bq: Any
    mean_mq: Any
    forward_frac: Any
    read_quality_75: Any
    read_quality_25: Any
    alt_base: Any  # 0-3 (A, C, G, T): the most frequent non-reference base (first on a tie)


def summarize_pileups(
    bam_path: Path | str, contig: str, positions, reference: str, settings: PileupSettings = PILEUP
) -> PileupSummary:
    """One sorted pass over the candidates: each read is fetched and decoded once.

    Candidates are grouped into windows (gaps below ``settings.merge_gap``); one ``fetch`` per
    window returns the reads overlapping it, and a read already returned by the previous
    window's fetch is skipped, so every read is looked at once however dense the candidates.
    Per read, the candidates it covers are found by binary search and their query offsets by
    walking the CIGAR, which is all the pileup engine would do for these positions.
    """
    import numpy as np
    import pysam

    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) and (np.diff(positions) <= 0).any():
        raise ValueError("positions must be sorted and unique")
    pos_list = positions.tolist()
    ref_codes = [_BASE_CODE.get(reference[p], -1) for p in pos_list]
    keep: dict = {}  # (candidate, fragment name) -> observation
    flag_filter, min_bq, min_mq = (
        settings.flag_filter,
        settings.min_base_quality,
        settings.min_mapping_quality,
    )
    with pysam.AlignmentFile(str(bam_path), "rb") as bam:
        previous_stop = -1
        for start, stop in _windows(pos_list, settings.merge_gap):
            for read in bam.fetch(contig, start, stop):
                flag = read.flag
                if flag & flag_filter:
                    continue
                if not settings.keep_orphans and flag & 0x1 and not flag & 0x2:
                    continue
                read_start = read.reference_start
                if read_start < previous_stop:
                    continue  # the previous window's fetch returned this read already
                mapq = read.mapping_quality
                if mapq < min_mq:
                    continue
                first = bisect_left(pos_list, read_start)
                read_end = read.reference_end
                if first == len(pos_list) or pos_list[first] >= read_end:
                    continue
                last = bisect_left(pos_list, read_end, first)
                qualities = read.query_qualities
                sequence = read.query_sequence
                if qualities is None or sequence is None:
                    continue  # a record without bases or qualities ('*') observes nothing
                read_quality = sum(qualities) / len(qualities)
                is_first = bool(flag & _FIRST_IN_PAIR)
                forward = not flag & 0x10
                name = read.query_name
                targets = pos_list[first:last]
                for offset, query_pos in zip(
                    range(first, last), _query_offsets(read.cigartuples, read_start, targets)
                ):
                    if query_pos < 0:
                        continue  # deletion or reference skip
                    bq = qualities[query_pos]
                    if bq < min_bq:
                        continue
                    observation = (bq, is_first, sequence[query_pos], mapq, forward, read_quality)
                    key = (offset, name)
                    held = keep.get(key)
                    if held is None or (bq, is_first) > (held[0], held[1]):
                        keep[key] = observation
            previous_stop = stop
    return _summarize(len(pos_list), ref_codes, keep)


def _windows(pos_list, merge_gap):
    if not pos_list:
        return
    start = previous = pos_list[0]
    for p in pos_list[1:]:
        if p - previous > merge_gap:
            yield start, previous + 1
            start = p
        previous = p
    yield start, previous + 1


def _query_offsets(cigartuples, read_start, targets):
    """Query offset of each (sorted) target reference position; -1 inside a deletion or skip."""
    out = []
    ref = read_start
    query = 0
    i = 0
    n = len(targets)
    for op, length in cigartuples:
        consumes_ref = op in _REF_CONSUMING
        if consumes_ref:
            block_end = ref + length
            while i < n and targets[i] < block_end:
                out.append(query + targets[i] - ref if op in _QUERY_CONSUMING else -1)
                i += 1
            ref = block_end
        if op in _QUERY_CONSUMING:
            query += length
        if i == n:
            break
    out.extend([-1] * (n - i))
    return out


def _summarize(n: int, ref_codes, keep: dict) -> PileupSummary:
    import numpy as np

    m = len(keep)
    cand = np.fromiter((k[0] for k in keep), dtype=np.int64, count=m)
    obs = list(keep.values())
    bq = np.fromiter((o[0] for o in obs), dtype=np.float64, count=m)
    base = np.fromiter((_BASE_CODE.get(o[2], 4) for o in obs), dtype=np.int64, count=m)
    mq = np.fromiter((o[3] for o in obs), dtype=np.float64, count=m)
    fwd = np.fromiter((o[4] for o in obs), dtype=np.float64, count=m)
    rq = np.fromiter((o[5] for o in obs), dtype=np.float64, count=m)
    depth = np.bincount(cand, minlength=n).astype(np.float64)
    counts = np.zeros((n, 5))
    np.add.at(counts, (cand, base), 1.0)
    ref = np.asarray(ref_codes, dtype=np.int64)
    rows = np.arange(n)
    ref_count = np.where(ref >= 0, counts[rows, np.clip(ref, 0, 3)], 0.0)
    non_ref = counts[:, :4].copy()
    non_ref[rows[ref >= 0], ref[ref >= 0]] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        safe = np.maximum(depth, 1.0)
        mean_bq = np.bincount(cand, bq, n) / safe
        mean_mq = np.bincount(cand, mq, n) / safe
        forward_frac = np.bincount(cand, fwd, n) / safe
    q75, q25 = _grouped_percentiles(cand, rq, n, (75.0, 25.0))
    return PileupSummary(
        depth,
        ref_count,
        non_ref.max(axis=1),
        mean_bq,
        mean_mq,
        forward_frac,
        q75,
        q25,
        non_ref.argmax(axis=1).astype(np.float64),
    )


def _grouped_percentiles(group, values, n, percents):
    """np.percentile (linear) of ``values`` within each group, vectorised over groups."""
    import numpy as np

    order = np.lexsort((values, group))
    sorted_values = values[order]
    counts = np.bincount(group, minlength=n)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    out = []
    for q in percents:
        rank = (counts - 1).clip(min=0) * (q / 100.0)
        lo = np.floor(rank).astype(np.int64)
        hi = np.minimum(lo + 1, (counts - 1).clip(min=0))
        frac = rank - lo
        if len(sorted_values):
            v_lo = sorted_values[np.minimum(starts + lo, len(sorted_values) - 1)]
            v_hi = sorted_values[np.minimum(starts + hi, len(sorted_values) - 1)]
            value = v_lo + (v_hi - v_lo) * frac
        else:
            value = np.zeros(n)
        out.append(np.where(counts > 0, value, 0.0))
    return out


def summarize_pileups_per_position(
    bam_path: Path | str, contig: str, positions, reference: str, settings: PileupSettings = PILEUP
) -> PileupSummary:
    """Reference implementation: one htslib ``pileup()`` call per candidate position.

    Slow, and written independently of the one-pass extractor (htslib resolves the CIGARs here),
    so the test that the two agree checks the one-pass read walk against htslib.
    """
    import numpy as np
    import pysam

    stats: dict[str, list] = {
        k: [] for k in ("depth", "ref", "alt", "bq", "mq", "fwd", "q75", "q25", "base")
    }
    with pysam.AlignmentFile(str(bam_path), "rb") as bam:
        for p in np.asarray(positions).tolist():
            chosen: dict = {}
            for column in bam.pileup(
                contig,
                p,
                p + 1,
                truncate=True,
                stepper="nofilter",
                ignore_overlaps=False,
                ignore_orphans=False,
                min_base_quality=0,
                compute_baq=False,
                max_depth=1_000_000,
            ):
                for entry in column.pileups:
                    read = entry.alignment
                    if read.flag & settings.flag_filter or entry.is_del or entry.is_refskip:
                        continue
                    if not settings.keep_orphans and read.is_paired and not read.is_proper_pair:
                        continue
                    if read.mapping_quality < settings.min_mapping_quality:
                        continue
                    qualities, offset = read.query_qualities, entry.query_position
                    if qualities is None or offset is None:
                        continue
                    bq = qualities[offset]
                    if bq < settings.min_base_quality:
                        continue
                    rank = (bq, read.is_read1)
                    if read.query_name not in chosen or rank > chosen[read.query_name][0]:
                        chosen[read.query_name] = (rank, read, entry.query_position)
            picked = list(chosen.values())
            bases = [read.query_sequence[q] for _, read, q in picked]
            ref_base = reference[p]
            alt_counts = [bases.count(b) if b != ref_base else 0 for b in "ACGT"]
            stats["depth"].append(len(picked))
            stats["ref"].append(bases.count(ref_base) if ref_base in "ACGT" else 0)
            stats["alt"].append(max(alt_counts))
            stats["base"].append(alt_counts.index(max(alt_counts)))
            quality_means = [float(np.mean(read.query_qualities)) for _, read, _ in picked]
            stats["bq"].append(np.mean([rank[0] for rank, _, _ in picked]) if picked else 0.0)
            stats["mq"].append(
                np.mean([read.mapping_quality for _, read, _ in picked]) if picked else 0.0
            )
            stats["fwd"].append(
                np.mean([not read.is_reverse for _, read, _ in picked]) if picked else 0.0
            )
            stats["q75"].append(np.percentile(quality_means, 75) if picked else 0.0)
            stats["q25"].append(np.percentile(quality_means, 25) if picked else 0.0)
    a = {k: np.asarray(v, dtype=np.float64) for k, v in stats.items()}
    return PileupSummary(
        a["depth"], a["ref"], a["alt"], a["bq"], a["mq"], a["fwd"], a["q75"], a["q25"], a["base"]
    )


# --------------------------------------------------------------------------------------------
# the feature vectors


def _pileup_columns(summary: PileupSummary):
    import numpy as np

    depth = summary.depth
    safe = np.maximum(depth, 1.0)
    return {
        "depth": depth,
        "alt_freq": summary.alt_count / safe,
        "mean_bq": summary.mean_bq,
        "mean_mq": summary.mean_mq,
        "ref_match_frac": summary.ref_count / safe,
        "ref_match_count": summary.ref_count,
        "pos_strand_frac": summary.forward_frac,
        "read_quality_75": summary.read_quality_75,
        "read_quality_25": summary.read_quality_25,
    }


def extract_features(summary: PileupSummary, is_var, vaf_truth):
    """The paper's feature vector, leak included (Eq. 7), as the audited pipeline computed it.

    ``is_var`` is the label and ``vaf_truth`` the truth VCF's allele fraction: position 6 is
    ``low_vaf = float(is_var and vaf_truth < 0.05)``, which hands the label to the model on any
    sample with low-VAF positives. Kept on purpose so the audit (mlaudit-lint, the leak probes)
    has the real thing to find; use :func:`extract_features_deleaked` for a clean pipeline.
    """
    import numpy as np

    columns = _pileup_columns(summary)
    low_vaf = np.array([float(v and f < LOW_VAF_THRESHOLD) for v, f in zip(is_var, vaf_truth)])
    return _stack(columns, low_vaf)


def extract_features_deleaked(summary: PileupSummary, seed: int = 0):
    """The same vector with position 6 replaced by a uniform random scalar (the paper's §5.4 control)."""
    import numpy as np

    columns = _pileup_columns(summary)
    filler = np.random.default_rng(seed).random(len(summary.depth))
    return _stack(columns, filler)


def _stack(columns: dict, slot6):
    import numpy as np

    half = np.full(len(slot6), 0.5)
    ordered = [
        columns["depth"],
        columns["alt_freq"],
        columns["mean_bq"],
        columns["mean_mq"],
        columns["ref_match_frac"],
        columns["ref_match_count"],
        slot6,
        half,
        half,
        columns["pos_strand_frac"],
        columns["read_quality_75"],
        columns["read_quality_25"],
    ]
    return np.stack(ordered, axis=1).astype(np.float32)
