"""One sorted pass over a BAM: per-position base counts and left-normalised indel counts.

This is the allele counting a caller's candidate generation does (DeepVariant's
``make_examples`` AlleleCounter: count the alleles every read shows, then keep the sites whose
alternate allele has enough reads, :mod:`candidates`). Reads are taken once, in coordinate
order, in windows of ``WINDOW`` bases: a read is counted in the window where it starts, and its
bases past the window's end are carried into the next window's counts, so memory stays bounded
on a whole chromosome. Within a window, the aligned blocks of all reads are counted with one
``numpy.bincount``; only reads whose CIGAR has an insertion or deletion are walked in Python.

Settings (:class:`CallerSettings`) are DeepVariant's documented ``make_examples`` defaults
(``deepvariant/make_examples_options.py``): reads with MAPQ below 5 and unmapped, secondary,
supplementary, QC-failed or duplicate reads are skipped; a base counts if its quality is at least
10, an insertion if every inserted base's is. Counts are per read, as DeepVariant's: two
overlapping mates both count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .alleles import left_normalize

WINDOW = 200_000
MARGIN = 10_000  # bases a read may reach past its window; longer spans are clipped


@dataclass(frozen=True)
class CallerSettings:
    """Candidate thresholds and read filters: DeepVariant's make_examples defaults."""

    min_count_snvs: int = 2  # vsc_min_count_snps
    min_fraction_snvs: float = 0.12  # vsc_min_fraction_snps
    min_count_indels: int = 2  # vsc_min_count_indels
    min_fraction_indels: float = 0.06  # vsc_min_fraction_indels
    min_base_quality: int = 10  # min_base_quality
    min_mapping_quality: int = 5  # min_mapping_quality
    flag_filter: int = 0xF04  # unmapped | secondary | QC fail | duplicate | supplementary

    def __post_init__(self) -> None:
        for name in ("min_fraction_snvs", "min_fraction_indels"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"CallerSettings.{name} must lie in [0, 1], got {value!r}")
        for name in ("min_count_snvs", "min_count_indels"):
            if getattr(self, name) < 1:
                raise ValueError(f"CallerSettings.{name} must be at least 1")


CALLER = CallerSettings()


@dataclass
class AlleleCounts:
    """Counts on one contig: ``bases[p]`` = reads showing A, C, G, T at ``p`` (quality-filtered);
    ``indels[(pos, ref, alt)]`` = reads carrying that left-normalised indel (``pos`` its anchor)."""

    bases: Any  # (contig length, 4) uint16
    indels: dict = field(default_factory=dict)
    reads: int = 0  # reads counted (after the filters)

    @property
    def depth(self):
        return self.bases.sum(axis=1, dtype="int64")


_CODE = None


def _base_codes():
    global _CODE
    if _CODE is None:
        import numpy as np

        _CODE = np.full(256, 4, dtype=np.uint8)
        for i, b in enumerate(b"ACGT"):
            _CODE[b] = i
            _CODE[b + 32] = i  # lower case
    return _CODE


def count_alleles(
    bam_path: Path | str, contig: str, reference: str, settings: CallerSettings = CALLER
) -> AlleleCounts:
    """Count every read's alleles on ``contig`` in one pass (see the module docstring)."""
    import numpy as np
    import pysam

    length = len(reference)
    bases = np.zeros((length, 4), dtype=np.uint16)
    counts = AlleleCounts(bases)
    carry = np.zeros(MARGIN * 4, dtype=np.int64)
    with pysam.AlignmentFile(str(bam_path), "rb") as bam:
        for start in range(0, length, WINDOW):
            stop = min(start + WINDOW, length)
            window = _Window(start, stop + MARGIN, settings)
            # The common case inline (one aligned block per read): this loop is the pass's cost.
            starts, sequences, qualities = window.block_starts, window.sequences, window.qualities
            flag_filter, min_mq = settings.flag_filter, settings.min_mapping_quality
            for read in bam.fetch(contig, start, stop):
                read_start = read.reference_start
                if read_start < start:
                    continue  # counted in the window where it starts
                if read.flag & flag_filter or read.mapping_quality < min_mq:
                    continue
                cigar = read.cigartuples
                if (
                    cigar is not None
                    and len(cigar) == 1
                    and cigar[0][0] == 0
                    and read_start + cigar[0][1] <= window.stop
                ):
                    starts.append(read_start - start)
                    sequences.append(read.query_sequence)
                    qualities.append(read.query_qualities)
                    counts.reads += 1
                else:
                    window.add(read, reference, counts)
            flat = window.bincount()
            flat[: len(carry)] += carry
            span = stop - start
            total = flat.reshape(-1, 4)
            bases[start:stop] = np.minimum(total[:span], 65535)
            carry = flat[span * 4 :][: MARGIN * 4].copy()
            if len(carry) < MARGIN * 4:
                carry = np.pad(carry, (0, MARGIN * 4 - len(carry)))
    return counts


class _Window:
    """The aligned blocks of the reads starting in one window, counted together at the end."""

    def __init__(self, start: int, stop: int, settings: CallerSettings) -> None:
        self.start, self.stop, self.settings = start, stop, settings
        self.block_starts: list = []  # reference start of each aligned block, window-relative
        self.sequences: list = []  # the blocks' bases, concatenated at the end
        self.qualities: list = []

    def add(self, read, reference: str, counts: AlleleCounts) -> None:
        settings = self.settings
        if read.flag & settings.flag_filter or read.mapping_quality < settings.min_mapping_quality:
            return  # (the caller's inline loop has checked already; kept for direct use)
        cigar = read.cigartuples
        sequence = read.query_sequence
        qualities = read.query_qualities
        if not cigar or sequence is None or qualities is None:
            return
        counts.reads += 1
        ref_pos = read.reference_start
        if len(cigar) == 1 and cigar[0][0] in (0, 7, 8):
            self._block(ref_pos, sequence, qualities)
            return
        query = 0
        previous_aligned = False
        for op, n in cigar:
            if op in (0, 7, 8):  # M = X: aligned bases
                self._block(ref_pos, sequence[query : query + n], qualities[query : query + n])
                ref_pos += n
                query += n
                previous_aligned = True
                continue
            if op == 1:  # insertion after the base at ref_pos - 1
                if (
                    previous_aligned
                    and min(qualities[query : query + n]) >= settings.min_base_quality
                ):
                    anchor = reference[ref_pos - 1]
                    self._indel(
                        counts, reference, ref_pos - 1, anchor, anchor + sequence[query : query + n]
                    )
                query += n
            elif op == 2:  # deletion of n reference bases after ref_pos - 1
                if previous_aligned:
                    self._indel(
                        counts,
                        reference,
                        ref_pos - 1,
                        reference[ref_pos - 1 : ref_pos + n],
                        reference[ref_pos - 1],
                    )
                ref_pos += n
            elif op == 3:  # reference skip
                ref_pos += n
            elif op == 4:  # soft clip
                query += n
            previous_aligned = False

    def _block(self, ref_pos: int, sequence: str, qualities) -> None:
        offset = ref_pos - self.start
        n = min(len(sequence), self.stop - ref_pos)
        if n <= 0:
            return
        self.block_starts.append(offset)
        self.sequences.append(sequence[:n])
        self.qualities.append(qualities[:n])

    @staticmethod
    def _indel(counts: AlleleCounts, reference: str, pos: int, ref: str, alt: str) -> None:
        if pos < 0 or ref == alt:
            return
        key = left_normalize(pos, ref.upper(), alt.upper(), reference)
        counts.indels[key] = counts.indels.get(key, 0) + 1

    def bincount(self):
        import numpy as np

        size = (self.stop - self.start) * 4
        if not self.block_starts:
            return np.zeros(size, dtype=np.int64)
        lengths = np.fromiter(map(len, self.sequences), dtype=np.int64, count=len(self.sequences))
        starts = np.asarray(self.block_starts, dtype=np.int64)
        codes = _base_codes()[
            np.frombuffer("".join(self.sequences).encode("ascii"), dtype=np.uint8)
        ]
        quals = np.frombuffer(b"".join(self.qualities), dtype=np.uint8)
        first = np.cumsum(lengths) - lengths
        position = np.repeat(starts - first, lengths) + np.arange(len(codes), dtype=np.int64)
        keep = (codes < 4) & (quals >= self.settings.min_base_quality)
        return np.bincount(position[keep] * 4 + codes[keep], minlength=size)[:size]
