"""Candidate sites and train/test splits: the caller's scheme and the paper's.

Two ways to choose the sites a classifier sees (``candidates=`` of :func:`dataset.load_dataset`):

``"caller"`` (the default): the sites a variant caller would consider, as DeepVariant's
``make_examples`` finds them. One sorted pass over the BAM counts every read's alleles
(:mod:`allele_counts`); a site is a candidate when its most frequent alternate base has at least
2 reads and 12 % of the reads there (SNVs), or an indel allele has at least 2 reads and 6 %
(:class:`allele_counts.CallerSettings`, DeepVariant's defaults), inside the confident regions.
Each candidate is labelled by matching the truth VCF on position and allele, indels
left-normalised on both sides (:mod:`alleles`), so a deletion the aligner put at the other end
of a homopolymer still matches its truth record, and an alternate base the truth does not have
is a negative. The negatives are then what real callers face: sequencing errors that repeat
across reads, mis-mapped reads in duplicated segments, homopolymer and tandem-repeat slips.

``"paper"`` (§2.6 of the paper):

* ``n_positives`` truth SNVs inside the confident regions, plus ``negative_ratio`` times as many
  non-variant positions drawn uniformly from the confident regions (25 % prevalence at 3:1);
* a coverage filter (the paper kept 7,892 of 8,000) applied after the pileup is read;
* a 70/30 split stratified by label whose seed is the data seed, never the training seed, so
  every training seed sees the same split (the paper's "fixed split across seeds");
* a split by disjoint genomic blocks: a random row split puts a position and its neighbour
  (sharing reads, repeats, paralogues) on both sides; blocks keep each neighbourhood on one side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMES = ("caller", "paper")


@dataclass(frozen=True)
class Candidates:
    pos: Any  # int64, sorted, 0-based
    is_var: Any  # int64 label: 1 truth variant, 0 non-variant
    vaf_truth: Any  # float64: the truth allele fraction (0 for negatives)
    # What the site's candidate allele is. The paper's scheme names no allele: its REF is the
    # reference base and its ALT empty until the pileup says which base is most frequent.
    ref: list = field(default_factory=list)
    alt: list = field(default_factory=list)
    is_indel: Any = None  # bool
    alt_reads: Any = None  # int64: reads supporting the allele (caller scheme)
    depth_reads: Any = None  # int64: reads counted at the site (caller scheme)
    is_hom_truth: Any = None  # bool: truth genotype hom-alt (False for negatives)
    missed: int = 0  # truth variants in the confident regions that are not candidates

    def __len__(self) -> int:
        return len(self.pos)


def sample_candidates(
    truth, confident, n_positives: int = 2_000, negative_ratio: int = 3, seed: int = 0
) -> Candidates:
    """Sample positives (truth SNVs in ``confident``) and negatives (other confident positions).

    Negatives avoid every base a truth variant touches, so no negative is secretly a variant.
    Indels are not candidates: the 12 pileup features describe one base.
    """
    import numpy as np

    rng = np.random.default_rng([seed, 0xCA4D])
    starts, ends = confident[:, 0], confident[:, 1]
    snv = truth.pos[truth.is_snv]
    snv_vaf = truth.vaf[truth.is_snv]
    inside = _inside(snv, starts, ends)
    pool, pool_vaf = snv[inside], snv_vaf[inside]
    pool_hom = truth.is_hom[truth.is_snv][inside]
    if len(pool) < n_positives:
        raise ValueError(
            f"n_positives={n_positives} but only {len(pool)} truth SNVs lie in the confident regions"
        )
    pick = np.sort(rng.choice(len(pool), n_positives, replace=False))
    positives, vaf = pool[pick], pool_vaf[pick]

    variant_bases = (
        np.concatenate([np.arange(p, e) for p, e in zip(truth.pos.tolist(), truth.end.tolist())])
        if len(truth.pos)
        else np.zeros(0, dtype=np.int64)
    )
    lengths = ends - starts
    n_negatives = negative_ratio * n_positives
    negatives = np.zeros(0, dtype=np.int64)
    while len(negatives) < n_negatives:  # rejection: a draw on a variant base is redrawn
        draw = rng.choice(len(lengths), 2 * n_negatives, p=lengths / lengths.sum())
        cand = starts[draw] + (rng.random(len(draw)) * lengths[draw]).astype(np.int64)
        cand = np.setdiff1d(cand, variant_bases)
        cand = np.setdiff1d(cand, negatives)
        negatives = np.concatenate(
            [negatives, rng.permutation(cand)[: n_negatives - len(negatives)]]
        )
    pos = np.concatenate([positives, negatives])
    is_var = np.concatenate(
        [np.ones(len(positives), dtype=np.int64), np.zeros(len(negatives), dtype=np.int64)]
    )
    vaf_truth = np.concatenate([vaf, np.zeros(len(negatives))])
    is_hom = np.concatenate([pool_hom[pick], np.zeros(len(negatives), dtype=bool)])
    order = np.argsort(pos, kind="stable")
    n = len(pos)
    return Candidates(
        pos[order],
        is_var[order],
        vaf_truth[order],
        ref=[""] * n,
        alt=[""] * n,
        is_indel=np.zeros(n, dtype=bool),
        is_hom_truth=is_hom[order],
    )


def caller_candidates(counts, truth, confident, reference: str, settings=None) -> Candidates:
    """The caller's candidate sites (see the module docstring), labelled against ``truth``.

    ``counts`` is :func:`allele_counts.count_alleles`'s result for the contig. SNV and indel
    candidates at one position are separate rows (a deletion's anchor base is often a candidate
    SNV too); rows are sorted by position, SNVs first.
    """
    import numpy as np

    from .allele_counts import CALLER
    from .alleles import allele_key

    settings = settings or CALLER
    starts, ends = confident[:, 0], confident[:, 1]
    bases = counts.bases
    depth = bases.sum(axis=1, dtype=np.int64)
    lookup = np.full(256, 4, dtype=np.int64)
    for i, b in enumerate(b"ACGT"):
        lookup[b] = i
    ref_code = lookup[np.frombuffer(reference.encode("ascii"), dtype=np.uint8)]
    alt_counts = bases.astype(np.int64)
    valid_ref = ref_code < 4
    alt_counts[np.flatnonzero(valid_ref), ref_code[valid_ref]] = 0
    best = alt_counts.argmax(axis=1)
    best_count = alt_counts[np.arange(len(best)), best]
    snv = (
        valid_ref
        & (best_count >= settings.min_count_snvs)
        & (best_count >= settings.min_fraction_snvs * np.maximum(depth, 1))
    )
    snv_pos = np.flatnonzero(snv)
    snv_pos = snv_pos[_inside(snv_pos, starts, ends)]

    rows = [
        (int(p), 0, reference[p], "ACGT"[best[p]], int(best_count[p]), int(depth[p]))
        for p in snv_pos.tolist()
    ]
    for (p, ref, alt), n in counts.indels.items():
        site_depth = int(depth[p]) if p < len(depth) else 0
        if n >= settings.min_count_indels and n >= settings.min_fraction_indels * max(
            site_depth, 1
        ):
            rows.append((p, 1, ref, alt, n, site_depth))
    rows = [r for r in rows if _inside(np.array([r[0]]), starts, ends)[0]]
    rows.sort()

    truth_alleles = {}
    for i, (p, ref, alt) in enumerate(zip(truth.pos.tolist(), truth.ref, truth.alt)):
        if p < len(reference) and ref != alt:
            truth_alleles[allele_key(p, ref, alt, reference)] = i
    labels, vafs, homs, found = [], [], [], set()
    for p, _, ref, alt, _, _ in rows:
        index = truth_alleles.get((p, ref, alt))
        labels.append(index is not None)
        vafs.append(float(truth.vaf[index]) if index is not None else 0.0)
        homs.append(bool(truth.is_hom[index]) if index is not None else False)
        if index is not None:
            found.add(index)
    in_confident = _inside(truth.pos, starts, ends)
    missed = int(in_confident.sum()) - len(found)
    return Candidates(
        pos=np.array([r[0] for r in rows], dtype=np.int64),
        is_var=np.array(labels, dtype=np.int64),
        vaf_truth=np.array(vafs, dtype=np.float64),
        ref=[r[2] for r in rows],
        alt=[r[3] for r in rows],
        is_indel=np.array([r[1] == 1 for r in rows], dtype=bool),
        alt_reads=np.array([r[4] for r in rows], dtype=np.int64),
        depth_reads=np.array([r[5] for r in rows], dtype=np.int64),
        is_hom_truth=np.array(homs, dtype=bool),
        missed=missed,
    )


def _inside(points, starts, ends):
    import numpy as np

    k = np.searchsorted(starts, points, side="right") - 1
    return (k >= 0) & (points < ends[np.clip(k, 0, None)])


def stratified_split(is_var, test_fraction: float = 0.3, seed: int = 0):
    """Row indices (train, test): each class split ``1 - test_fraction`` / ``test_fraction``."""
    import numpy as np

    rng = np.random.default_rng([seed, 0x5F17])
    labels = np.asarray(is_var)
    train, test = [], []
    for value in np.unique(labels):
        rows = rng.permutation(np.flatnonzero(labels == value))
        n_test = int(round(test_fraction * len(rows)))
        test.append(rows[:n_test])
        train.append(rows[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def block_split(pos, is_var, block_size: int = 50_000, test_fraction: float = 0.3, seed: int = 0):
    """Row indices (train, test) where whole genomic blocks of ``block_size`` go to one side.

    Blocks are shuffled and assigned to the test side until it holds ``test_fraction`` of the
    positives, so prevalence stays close on both sides without cutting a block.
    """
    import numpy as np

    rng = np.random.default_rng([seed, 0xB10C])
    pos, labels = np.asarray(pos), np.asarray(is_var)
    block = pos // block_size
    blocks = rng.permutation(np.unique(block))
    target = test_fraction * labels.sum()
    test_blocks, positives = [], 0
    for b in blocks:
        if positives >= target:
            break
        test_blocks.append(b)
        positives += labels[block == b].sum()
    in_test = np.isin(block, test_blocks)
    return np.flatnonzero(~in_test), np.flatnonzero(in_test)
