"""A GIAB-like benchmark generator: reference FASTA, sorted indexed BAM, truth VCF, high-confidence BED.

The audited paper trains on GIAB HG001 chr21. Tests cannot download 5 GB of reads, so this module
writes a small benchmark with the same file formats and the hard cases real short-read data has:

* near-identical duplicated segments: reads there get low MAPQ (0-25, half of them below 5) and
  half of them are placed on the other copy, so paralogous differences look like heterozygous
  variants with low mapping quality (hard negatives);
* homopolymer and tandem-repeat indel errors (a molecule slips one repeat unit, more often the
  longer the repeat: 0.6 % of fragments at 8 bp, ~8 % at 18 bp), beside true indels;
* 3' base-quality decline, low-quality read tails and low-quality error clusters (errors follow
  the qualities, slightly miscalibrated as real qualities are);
* strand-specific error sites (reverse-strand reads mis-read one base, at a rate drawn per site
  around 15 %);
* low-coverage stretches (about 1.5 % of the contig at a tenth of the depth), PCR duplicates and
  pairs whose mate did not map, so the pileup's flag and orphan settings matter;
* variants within a few bases of each other;
* two samples over the same truth positions: ``germline`` (het VAF 0.5 by haplotype, hom-alt 1.0)
  and ``mosaic`` (a share of the positives at VAF below 0.05, written as INFO/VAF).

Everything is drawn from one ``numpy.random.Generator`` seeded by :class:`SimulationParams.seed`,
so the files are byte-for-byte reproducible. Formats are written by pysam's bundled htslib
(``pysam.sort``/``index``/``faidx``/``tabix_index``); reads are written as SAM text built with
numpy and converted by ``samtools sort``, which measured ~5x faster than creating
``pysam.AlignedSegment`` objects one by one: 3.0x on 50,000 reads (``benchmarks/pileup_features.py``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 3  # bump when the output of a given SimulationParams changes

BASES = b"ACGT"
FLAG_PAIRED, FLAG_PROPER, FLAG_UNMAPPED, FLAG_MATE_UNMAPPED = 0x1, 0x2, 0x4, 0x8
FLAG_REVERSE, FLAG_MATE_REVERSE, FLAG_FIRST, FLAG_SECOND, FLAG_DUP = 0x10, 0x20, 0x40, 0x80, 0x400


@dataclass(frozen=True)
class SimulationParams:
    """Everything that determines the generated files; their hash names the cache directory."""

    sample: str = "germline"  # "germline" or "mosaic"
    seed: int = 0
    contig: str = "21"  # hs37d5 naming, as the paper's real data
    length: int = 1_200_000
    read_length: int = 100
    coverage: float = 30.0
    fragment_mean: float = 250.0  # short enough that ~20 % of mate pairs overlap
    fragment_sd: float = 60.0
    n_snvs: int = 3_000
    n_indels: int = 150
    hom_alt_fraction: float = 0.4
    close_pair_fraction: float = 0.1  # SNVs placed 1-10 bp from another SNV
    mosaic_low_vaf_fraction: float = 0.3  # mosaic sample: share of SNVs with VAF in [0.01, 0.05)
    n_homopolymers: int = 1_500
    n_tandem_repeats: int = 800
    n_segdup_pairs: int = 8
    segdup_divergence: float = 0.002
    n_low_coverage_stretches: int = 12
    low_coverage_multiplier: float = 0.1
    n_strand_error_sites: int = 6_000
    strand_error_rate: float = 0.15  # mean of the per-site rate (Beta(2, 11.3))
    slip_rate_8bp: float = 0.006  # share of fragments slipping at an 8 bp repeat ...
    slip_growth: float = 1.3  # ... times this per extra base of a homopolymer, at most 25 %
    str_slip_growth: float = 1.1  # ... or per extra base of a tandem repeat (2-4 bp units)
    segdup_low_mapq_fraction: float = 0.5  # reads inside a duplicated segment with MAPQ < 5
    low_quality_cluster_rate: float = 0.03
    low_quality_tail_rate: float = 0.05  # reads whose last 20-40 cycles fall to Q3-15
    duplicate_rate: float = 0.02
    orphan_rate: float = 0.005

    def __post_init__(self) -> None:
        if self.sample not in ("germline", "mosaic"):
            raise ValueError(
                f"SimulationParams.sample must be 'germline' or 'mosaic', got {self.sample!r}"
            )
        if self.length < 20 * self.read_length:
            raise ValueError(
                f"SimulationParams.length={self.length} is too short for reads of {self.read_length}"
            )

    def digest(self) -> str:
        payload = json.dumps(
            {"version": GENERATOR_VERSION, **dataclasses.asdict(self)}, sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class BenchmarkFiles:
    """Paths of one generated (or real) benchmark; the same shape `giab.py` returns for GIAB."""

    reference: Path
    bam: Path
    truth_vcf: Path
    confident_bed: Path
    contig: str
    stratifications: Path | None = None  # a GIAB-style *-all-stratifications.tsv, if any


def cache_root() -> Path:
    env = os.environ.get("MLAUDIT_CACHE")
    base = Path(env) if env else Path.home() / ".cache" / "mlaudit"
    return base / "variant_calling"


def ensure_benchmark(
    params: SimulationParams | None = None, cache_dir: Path | None = None
) -> BenchmarkFiles:
    """Return the benchmark for ``params``, generating it into the cache on first use.

    The files are written into a temporary sibling directory and renamed into place, so an
    interrupted run never leaves a half-written benchmark that a later run would trust; when two
    processes race, the loser discards its copy and uses the winner's.
    """
    params = params or SimulationParams()
    root = Path(cache_dir) if cache_dir is not None else cache_root()
    final = root / f"{params.sample}-{params.digest()}"
    files = _files_in(final, params.contig)
    if (final / "DONE").exists():
        return files
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        write_benchmark(params, tmp)
        (tmp / "params.json").write_text(
            json.dumps(dataclasses.asdict(params), indent=1, sort_keys=True)
        )
        (tmp / "DONE").write_text("")
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / "DONE").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return files


def _files_in(directory: Path, contig: str) -> BenchmarkFiles:
    return BenchmarkFiles(
        reference=directory / "reference.fa",
        bam=directory / "reads.bam",
        truth_vcf=directory / "truth.vcf.gz",
        confident_bed=directory / "confident.bed",
        contig=contig,
        stratifications=directory / "stratifications" / "GRCh37-all-stratifications.tsv",
    )


# --------------------------------------------------------------------------------------------
# generation


def write_benchmark(params: SimulationParams, directory: Path) -> BenchmarkFiles:
    """Generate all four files of the benchmark into ``directory`` (which must exist)."""
    import numpy as np

    rng = np.random.default_rng(
        [params.seed, 0x6A1B]
    )  # the reference and truth: shared by both samples
    genome = _make_reference(params, rng)
    truth = _make_truth(params, genome, rng)
    confident = _make_confident_regions(params, genome, rng)
    sample_rng = np.random.default_rng([params.seed, 0x6A1B, 1 if params.sample == "mosaic" else 0])
    if params.sample == "mosaic":
        low = sample_rng.random(len(truth.snv_pos)) < params.mosaic_low_vaf_fraction
        truth.snv_vaf[low] = sample_rng.uniform(0.01, 0.05, int(low.sum()))
        truth.snv_mosaic = low
    reads = _make_reads(params, genome, truth, sample_rng)

    files = _files_in(directory, params.contig)
    _write_fasta(files.reference, params.contig, genome.seq)
    _write_truth_vcf(files.truth_vcf, params, genome, truth)
    _write_bed(files.confident_bed, params.contig, confident)
    _write_bam(files.bam, directory / "reads.sam", params, reads)
    _write_strata(directory / "stratifications", params, genome)
    return files


@dataclass
class _Genome:
    seq: Any  # uint8 codes 0..3
    repeats: Any  # (n, 3): start, end, unit length — homopolymers and tandem repeats
    segdups: list  # (source_start, copy_start, length)
    paralog_diffs: Any  # positions where the two copies of a duplicated segment differ
    coverage: Any  # per-base coverage multiplier
    strand_sites: Any  # positions with reverse-strand-specific errors
    strand_alt: Any


@dataclass
class _Truth:
    snv_pos: Any
    snv_alt: Any
    snv_vaf: Any
    snv_phase: Any  # haplotype 0/1 carrying a heterozygous allele
    snv_mosaic: Any
    indel_anchor: Any  # 0-based anchor base (the VCF POS - 1)
    indel_unit: list  # inserted or deleted bases (codes)
    indel_is_del: Any


def _make_reference(params: SimulationParams, rng) -> _Genome:
    import numpy as np

    n = params.length
    seq = rng.choice(4, size=n, p=[0.295, 0.205, 0.205, 0.295]).astype(np.uint8)
    found: list = []
    for start in rng.integers(1_000, n - 1_000, params.n_homopolymers):
        run = int(rng.integers(8, 19))
        seq[start : start + run] = rng.integers(0, 4)
        found.append((start, start + run, 1))
    for start in rng.integers(1_000, n - 1_000, params.n_tandem_repeats):
        unit_len = int(rng.integers(2, 5))
        unit = rng.integers(0, 4, unit_len).astype(np.uint8)
        unit[-1] = (unit[0] + 1) % 4  # never a homopolymer in disguise
        copies = int(rng.integers(4, 11))
        seq[start : start + unit_len * copies] = np.tile(unit, copies)
        found.append((start, start + unit_len * copies, unit_len))
    repeats = np.array(sorted(found), dtype=np.int64)

    # Duplicated segments: one per slot of the contig, source then copy, the copy diverging at
    # segdup_divergence so reads map ambiguously (as in segmental duplications).
    segdups, diffs = [], []
    slot = n // params.n_segdup_pairs
    for k in range(params.n_segdup_pairs):
        seg_len = int(rng.integers(4_000, 8_001))
        src = k * slot + int(rng.integers(2_000, slot // 2 - seg_len))
        dst = k * slot + slot // 2 + int(rng.integers(0, slot // 2 - seg_len - 2_000))
        seq[dst : dst + seg_len] = seq[src : src + seg_len]
        n_diff = max(1, int(seg_len * params.segdup_divergence))
        where = dst + rng.choice(seg_len, n_diff, replace=False)
        seq[where] = (seq[where] + rng.integers(1, 4, n_diff)) % 4
        segdups.append((src, dst, seg_len))
        diffs.extend(where.tolist())

    coverage = np.ones(n)
    for start in rng.integers(2_000, n - 5_000, params.n_low_coverage_stretches):
        coverage[start : start + int(rng.integers(800, 2_200))] = params.low_coverage_multiplier

    strand_sites = np.unique(rng.integers(0, n, params.n_strand_error_sites))
    strand_alt = ((seq[strand_sites] + rng.integers(1, 4, len(strand_sites))) % 4).astype(np.uint8)
    return _Genome(
        seq,
        repeats,
        segdups,
        np.unique(np.array(diffs, dtype=np.int64)),
        coverage,
        strand_sites,
        strand_alt,
    )


def _make_truth(params: SimulationParams, genome: _Genome, rng) -> _Truth:
    import numpy as np

    n = params.length
    n_close = int(params.n_snvs * params.close_pair_fraction)
    base = rng.choice(np.arange(1_000, n - 1_000), params.n_snvs - n_close, replace=False)
    near = rng.choice(base, n_close) + rng.choice([-1, 1], n_close) * rng.integers(1, 11, n_close)
    pos = np.unique(np.concatenate([base, near]))
    pos = np.setdiff1d(
        pos, genome.paralog_diffs
    )  # a truth SNV is a sample difference, not a paralog one

    # Truth indels: one repeat unit inserted or deleted at a repeat, anchored on the base before it.
    pick = rng.choice(len(genome.repeats), params.n_indels, replace=False)
    reps = genome.repeats[np.sort(pick)]
    anchor = reps[:, 0] - 1
    keep = np.concatenate([[True], np.diff(anchor) > 30])
    reps, anchor = reps[keep], anchor[keep]
    units = [genome.seq[s : s + u].copy() for s, _, u in reps]
    is_del = rng.random(len(anchor)) < 0.5
    # no SNV inside the span an indel touches, so alleles never overlap
    blocked = np.zeros(n, dtype=bool)
    for a, (s, e, _) in zip(anchor, reps):
        blocked[a : e + 1] = True
    pos = pos[~blocked[pos]]

    alt = ((genome.seq[pos] + rng.integers(1, 4, len(pos))) % 4).astype(np.uint8)
    hom = rng.random(len(pos)) < params.hom_alt_fraction
    vaf = np.where(hom, 1.0, 0.5)
    phase = rng.integers(0, 2, len(pos))
    return _Truth(pos, alt, vaf, phase, np.zeros(len(pos), dtype=bool), anchor, units, is_del)


def _make_confident_regions(params: SimulationParams, genome: _Genome, rng):
    import numpy as np

    n = params.length
    ok = np.ones(n, dtype=bool)
    ok[:1_000] = ok[-1_000:] = False
    for start in rng.integers(0, n, max(1, n // 30_000)):  # GIAB's confident regions are gappy
        ok[start : start + int(rng.integers(1_000, 10_001))] = False
    for src, dst, seg_len in genome.segdups:
        if rng.random() < 0.5:  # GIAB excludes many, not all, segmental duplications
            ok[dst : dst + seg_len] = False
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.view(np.int8), [0]])))
    return edges.reshape(-1, 2)


@dataclass
class _Reads:
    qname: list
    flag: Any
    pos: Any
    mapq: Any
    cigar: list
    mate_pos: Any
    tlen: Any
    seq: Any  # (n, L) uint8 codes
    qual: Any  # (n, L) uint8 phred


def _make_reads(params: SimulationParams, genome: _Genome, truth: _Truth, rng) -> _Reads:
    import numpy as np

    n, L = params.length, params.read_length
    pad = 8  # extra bases per read so a deleted repeat unit can be spliced out
    n_frag = int(params.coverage * n / (2 * L))
    cdf = np.cumsum(genome.coverage)
    flen = np.clip(
        np.round(rng.normal(params.fragment_mean, params.fragment_sd, n_frag)), L, 3 * L
    ).astype(np.int64)
    fstart = np.searchsorted(cdf, rng.random(n_frag) * cdf[-1]).astype(np.int64)
    fstart = np.minimum(fstart, n - flen - pad - 1)
    order = np.argsort(fstart, kind="stable")
    fstart, flen = fstart[order], flen[order]
    hap = rng.integers(0, 2, n_frag)

    # --- alleles carried per fragment (both mates agree, as they come from one molecule)
    frag_carries_snv = _fragment_variant_pairs(fstart, flen + pad, truth.snv_pos)
    f_idx, v_idx = frag_carries_snv
    het = truth.snv_vaf[v_idx] == 0.5
    carries = np.where(
        het & ~truth.snv_mosaic[v_idx],
        hap[f_idx] == truth.snv_phase[v_idx],
        rng.random(len(v_idx)) < truth.snv_vaf[v_idx],
    )
    f_idx, v_idx = f_idx[carries], v_idx[carries]

    # --- two reads per fragment: the left one forward, the right one reverse
    r_start = np.stack([fstart, fstart + flen - L], axis=1).reshape(-1)
    r_frag = np.repeat(np.arange(n_frag), 2)
    r_reverse = np.tile([False, True], n_frag)
    first_is_left = rng.random(n_frag) < 0.5
    r_first = np.stack([first_is_left, ~first_is_left], axis=1).reshape(-1)
    n_reads = len(r_start)

    ext = genome.seq[r_start[:, None] + np.arange(L + pad)[None, :]]
    # SNV alleles: a read gets the alt base at every carried SNV it covers
    frag_read0 = 2 * f_idx
    for mate in (0, 1):
        read = frag_read0 + mate
        offset = truth.snv_pos[v_idx] - r_start[read]
        inside = (offset >= 0) & (offset < L + pad)
        ext[read[inside], offset[inside]] = truth.snv_alt[v_idx[inside]]

    # --- mapping: fragments inside a duplicated segment map ambiguously
    map_start = r_start.copy()
    mapq = np.where(rng.random(n_reads) < 0.05, rng.integers(20, 60, n_reads), 60)
    frag_end = fstart + flen
    for src, dst, seg_len in genome.segdups:
        for here, there in ((src, dst), (dst, src)):
            inside = (fstart >= here) & (frag_end <= here + seg_len)
            partial = ~inside & (fstart < here + seg_len) & (frag_end > here)
            swap = inside & (rng.random(n_frag) < 0.5)
            r_in, r_part, r_swap = np.repeat(inside, 2), np.repeat(partial, 2), np.repeat(swap, 2)
            low = rng.random(int(r_in.sum())) < params.segdup_low_mapq_fraction
            mapq[r_in] = np.where(
                low,
                rng.choice([0, 0, 1, 3], int(r_in.sum())),
                rng.choice([5, 8, 12, 17, 25], int(r_in.sum())),
            )
            mapq[r_part] = rng.integers(10, 41, int(r_part.sum()))
            map_start[r_swap] = r_start[r_swap] - here + there

    # --- indels: truth alleles first, then repeat slippage errors; at most one per read
    cigar = [f"{L}M"] * n_reads
    seq = ext[:, :L].copy()
    span = np.full(n_reads, L)
    has_indel = np.zeros(n_reads, dtype=bool)
    anchors = truth.indel_anchor
    fi, ii = _fragment_variant_pairs(fstart, flen, anchors)
    het_carry = hap[fi] == (ii % 2)
    candidates = [(fi[het_carry], ii[het_carry], True)]
    rep = genome.repeats
    rr_f, rr_i = _fragment_variant_pairs(fstart, flen, rep[:, 0] - 1)
    slip = rng.random(len(rr_f)) < slip_rate(params, rep[rr_i, 1] - rep[rr_i, 0], rep[rr_i, 2])
    candidates.append((rr_f[slip], rr_i[slip], False))
    for frags, idx, is_truth in candidates:
        for frag, k in zip(frags.tolist(), idx.tolist()):
            if is_truth:
                a, unit, is_del = int(anchors[k]), truth.indel_unit[k], bool(truth.indel_is_del[k])
            else:
                s, _, u = rep[k]
                a, unit, is_del = int(s) - 1, genome.seq[s : s + u], bool(rng.random() < 0.6)
            for read in (2 * frag, 2 * frag + 1):
                o = a - int(r_start[read])
                k_len = len(unit)
                if has_indel[read] or o < 5 or o + k_len + 5 >= L:
                    continue
                row = ext[read]
                if is_del:
                    seq[read] = np.concatenate([row[: o + 1], row[o + 1 + k_len : L + k_len]])
                    cigar[read] = f"{o + 1}M{k_len}D{L - o - 1}M"
                    span[read] = L + k_len
                else:
                    seq[read] = np.concatenate([row[: o + 1], unit, row[o + 1 : L - k_len]])
                    cigar[read] = f"{o + 1}M{k_len}I{L - o - 1 - k_len}M"
                    span[read] = L - k_len
                has_indel[read] = True

    # --- base qualities: 3' decline, per-read level, low-quality clusters
    cycle = np.arange(L) / (L - 1)
    read_level = rng.normal(0, 2.0, (n_reads, 1))
    qual = 38 + read_level - 14 * cycle[None, :] ** 2 + rng.normal(0, 2.5, (n_reads, L))
    qual[r_reverse] = qual[
        r_reverse, ::-1
    ]  # stored in reference orientation: the 3' end is on the left
    clustered = np.flatnonzero(rng.random(n_reads) < params.low_quality_cluster_rate)
    for read, c0 in zip(clustered.tolist(), rng.integers(0, L - 15, len(clustered)).tolist()):
        qual[read, c0 : c0 + 15] = rng.uniform(2, 12, 15)
    tails = np.flatnonzero(rng.random(n_reads) < params.low_quality_tail_rate)
    for read, n_tail in zip(tails.tolist(), rng.integers(20, 41, len(tails)).tolist()):
        tail = slice(0, n_tail) if r_reverse[read] else slice(L - n_tail, L)  # the 3' end
        qual[read, tail] = rng.uniform(3, 15, n_tail)
    qual = np.clip(np.round(qual), 2, 41).astype(np.uint8)

    # --- sequencing errors: follow the qualities, 1.5x miscalibrated
    p_err = np.minimum(1.5 * 10.0 ** (-qual.astype(np.float32) / 10.0), 0.75)
    err = rng.random((n_reads, L)) < p_err
    seq[err] = (seq[err] + rng.integers(1, 4, int(err.sum()))) % 4
    # strand-specific errors: reverse reads mis-read the site's base
    sr, si = _fragment_variant_pairs(r_start, span, genome.strand_sites)
    off = genome.strand_sites[si] - r_start[sr]
    site_rate = rng.beta(
        2.0,
        2.0 * (1 - params.strand_error_rate) / params.strand_error_rate,
        len(genome.strand_sites),
    )
    hit = r_reverse[sr] & (~has_indel[sr]) & (rng.random(len(sr)) < site_rate[si])
    seq[sr[hit], off[hit]] = genome.strand_alt[si[hit]]

    # --- flags, mates, duplicates, orphans
    mate_of = np.arange(n_reads) ^ 1
    flag = FLAG_PAIRED | FLAG_PROPER | np.where(r_first, FLAG_FIRST, FLAG_SECOND)
    flag = (
        flag
        | np.where(r_reverse, FLAG_REVERSE, 0)
        | np.where(r_reverse[mate_of], FLAG_MATE_REVERSE, 0)
    )
    tlen = np.where(r_reverse, -flen[r_frag], flen[r_frag])
    orphan_frag = rng.random(n_frag) < params.orphan_rate
    lost = np.zeros(n_reads, dtype=bool)
    lost[2 * np.flatnonzero(orphan_frag) + rng.integers(0, 2, int(orphan_frag.sum()))] = True
    flag = np.where(lost, (flag | FLAG_UNMAPPED) & ~FLAG_PROPER & ~FLAG_REVERSE, flag)
    flag = np.where(
        lost[mate_of], (flag | FLAG_MATE_UNMAPPED) & ~FLAG_PROPER & ~FLAG_MATE_REVERSE, flag
    )
    tlen = np.where(lost | lost[mate_of], 0, tlen)
    mapq = np.where(lost, 0, mapq)
    map_start = np.where(
        lost, map_start[mate_of], map_start
    )  # unmapped mates sit at their mate's place
    mate_pos = map_start[mate_of]
    qname = [f"r{i:07d}" for i in range(n_frag)]
    read_qname = [qname[f] for f in r_frag.tolist()]
    cigars = ["*" if l else c for c, l in zip(cigar, lost.tolist())]

    dup_frag = np.flatnonzero((rng.random(n_frag) < params.duplicate_rate) & ~orphan_frag)
    dup_reads = np.stack([2 * dup_frag, 2 * dup_frag + 1], axis=1).reshape(-1)
    read_qname += [f"d{qname[f][1:]}" for f in r_frag[dup_reads].tolist()]
    cigars += [cigars[r] for r in dup_reads.tolist()]

    def with_dups(a):
        return np.concatenate([a, a[dup_reads]])

    return _Reads(
        qname=read_qname,
        flag=np.concatenate([flag, flag[dup_reads] | FLAG_DUP]),
        pos=with_dups(map_start),
        mapq=with_dups(mapq),
        cigar=cigars,
        mate_pos=with_dups(mate_pos),
        tlen=with_dups(tlen),
        seq=with_dups(seq),
        qual=with_dups(qual),
    )


def slip_rate(params: SimulationParams, repeat_length, unit_length=1):
    """Share of fragments whose copy of a repeat of ``repeat_length`` bases slips one unit.

    Indel errors rise steeply with repeat length in Illumina data; an exponential in the length
    has that shape: homopolymers 0.6 % at 8 bp, x1.3 per base (2.3 % at 13 bp, 8 % at 18 bp);
    tandem repeats of 2-4 bp units x1.1 per base (1.9 % at 20 bp, 13 % at 40 bp).
    """
    import numpy as np

    extra = np.asarray(repeat_length, dtype=np.float64) - 8
    growth = np.where(np.asarray(unit_length) > 1, params.str_slip_growth, params.slip_growth)
    return np.minimum(params.slip_rate_8bp * growth**extra, 0.25)


def _fragment_variant_pairs(starts, lengths, positions):
    """All (interval, position) pairs with start <= position < start + length.

    Intervals are at most a few hundred bases, so once sorted by start each position is
    covered by a contiguous run of intervals found by two binary searches, then expanded with
    ``np.repeat`` (no Python loop over reads).
    """
    import numpy as np

    order = np.argsort(starts, kind="stable")
    if (order != np.arange(len(starts))).any():
        interval, var = _fragment_variant_pairs(starts[order], lengths[order], positions)
        return order[interval], var
    max_len = int(lengths.max()) if len(lengths) else 0
    lo = np.searchsorted(starts, positions - max_len + 1, side="left")
    hi = np.searchsorted(starts, positions, side="right")
    counts = hi - lo
    var = np.repeat(np.arange(len(positions)), counts)
    first = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    interval = first + np.arange(len(var))
    inside = positions[var] < starts[interval] + lengths[interval]
    return interval[inside], var[inside]


# --------------------------------------------------------------------------------------------
# writing


def _write_fasta(path: Path, contig: str, seq) -> None:
    import numpy as np
    import pysam

    text = np.frombuffer(BASES, dtype=np.uint8)[seq].tobytes().decode()
    with open(path, "w") as out:
        out.write(f">{contig}\n")
        out.writelines(text[i : i + 60] + "\n" for i in range(0, len(text), 60))
    pysam.faidx(str(path))


def _write_truth_vcf(path: Path, params: SimulationParams, genome: _Genome, truth: _Truth) -> None:
    import numpy as np
    import pysam

    base = np.frombuffer(BASES, dtype=np.uint8)
    records = []
    for p, alt, vaf, mosaic in zip(
        truth.snv_pos.tolist(),
        truth.snv_alt.tolist(),
        truth.snv_vaf.tolist(),
        truth.snv_mosaic.tolist(),
    ):
        gt = "1/1" if vaf == 1.0 else "0/1"
        info = f"VAF={vaf:.4f}" if params.sample == "mosaic" else "."
        records.append((p, chr(base[genome.seq[p]]), chr(base[alt]), info, gt))
    for a, unit, is_del in zip(
        truth.indel_anchor.tolist(), truth.indel_unit, truth.indel_is_del.tolist()
    ):
        anchor = chr(base[genome.seq[a]])
        unit_text = base[unit].tobytes().decode()
        ref, alt = (anchor + unit_text, anchor) if is_del else (anchor, anchor + unit_text)
        records.append((a, ref, alt, "VAF=0.5000" if params.sample == "mosaic" else ".", "0/1"))
    records.sort()
    plain = path.with_suffix("")  # truth.vcf
    with open(plain, "w") as out:
        out.write("##fileformat=VCFv4.2\n")
        out.write(f"##contig=<ID={params.contig},length={params.length}>\n")
        out.write(
            '##INFO=<ID=VAF,Number=1,Type=Float,Description="Simulated variant allele fraction">\n'
        )
        out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        out.write(
            f"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t{params.sample.upper()}\n"
        )
        for p, ref, alt, info, gt in records:
            out.write(f"{params.contig}\t{p + 1}\t.\t{ref}\t{alt}\t50\tPASS\t{info}\tGT\t{gt}\n")
    pysam.tabix_index(
        str(plain), preset="vcf", force=True
    )  # bgzips to truth.vcf.gz and writes .tbi


def _write_bed(path: Path, contig: str, intervals) -> None:
    with open(path, "w") as out:
        out.writelines(f"{contig}\t{s}\t{e}\n" for s, e in intervals.tolist())


def _write_strata(directory: Path, params: SimulationParams, genome: _Genome) -> None:
    """The generator's difficult regions as GIAB-style stratification BEDs (see strata.py)."""
    import numpy as np

    from .strata import write_stratifications

    seq = genome.seq
    change = np.flatnonzero(np.diff(seq) != 0) + 1
    run_start = np.concatenate([[0], change])
    run_end = np.concatenate([change, [len(seq)]])
    long_run = run_end - run_start >= 7
    slop = 5  # GIAB pads its repeat strata by 5 bp
    homopolymers = np.stack([run_start[long_run] - slop, run_end[long_run] + slop], axis=1)
    str_rows = genome.repeats[genome.repeats[:, 2] > 1]
    tandem = np.stack([str_rows[:, 0] - slop, str_rows[:, 1] + slop], axis=1)
    segdups = [(a, a + n) for src, dst, n in genome.segdups for a in (src, dst)]
    low = np.diff(np.concatenate([[0], (genome.coverage < 1).view(np.int8), [0]]))
    low_coverage = np.stack([np.flatnonzero(low == 1), np.flatnonzero(low == -1)], axis=1)
    directory.mkdir(parents=True, exist_ok=True)
    write_stratifications(
        directory,
        params.contig,
        params.length,
        {
            "homopolymer >=7 bp": homopolymers,
            "tandem repeat <=50 bp": tandem,
            "segmental duplication": np.array(segdups, dtype=np.int64),
            "low coverage (simulated)": low_coverage,
        },
    )


def _write_bam(path: Path, sam_path: Path, params: SimulationParams, reads: _Reads) -> None:
    import numpy as np
    import pysam

    base = np.frombuffer(BASES, dtype=np.uint8)
    seq_text = base[reads.seq].tobytes().decode()
    qual_text = (reads.qual + 33).tobytes().decode()
    L = reads.seq.shape[1]
    contig = params.contig
    with open(sam_path, "w") as out:
        out.write(f"@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:{contig}\tLN:{params.length}\n")
        out.write(f"@RG\tID:sim\tSM:{params.sample.upper()}\tPL:ILLUMINA\n")
        out.write("@PG\tID:mlaudit-simulate\tPN:examples.variant_calling.simulate\n")
        rows = zip(
            reads.qname,
            reads.flag.tolist(),
            (reads.pos + 1).tolist(),
            reads.mapq.tolist(),
            reads.cigar,
            (reads.mate_pos + 1).tolist(),
            reads.tlen.tolist(),
        )
        out.writelines(
            f"{q}\t{f}\t{contig}\t{p}\t{m}\t{c}\t=\t{mp}\t{t}\t{seq_text[i * L : (i + 1) * L]}\t"
            f"{qual_text[i * L : (i + 1) * L]}\tRG:Z:sim\n"
            for i, (q, f, p, m, c, mp, t) in enumerate(rows)
        )
    # --no-PG: the command line holds the temporary path, which would make the bytes differ per run
    pysam.sort(
        "--no-PG", "-@", "2", "-m", "256M", "-o", str(path), str(sam_path), catch_stdout=False
    )
    pysam.index(str(path))
    sam_path.unlink()
