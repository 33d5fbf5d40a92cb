"""Candidate positions and train/test splits, as §2.6 of the paper.

* ``n_positives`` truth SNVs inside the confident regions, plus ``negative_ratio`` times as many
  non-variant positions drawn uniformly from the confident regions (25 % prevalence at 3:1);
* a coverage filter (the paper kept 7,892 of 8,000) applied after the pileup is read;
* a 70/30 split stratified by label whose seed is the data seed, never the training seed, so
  every training seed sees the same split (the paper's "fixed split across seeds");
* a split by disjoint genomic blocks: a random row split puts a position and its neighbour
  (sharing reads, repeats, paralogues) on both sides; blocks keep each neighbourhood on one side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidates:
    pos: object  # int64, sorted, 0-based
    is_var: object  # int64 label: 1 truth variant, 0 non-variant
    vaf_truth: object  # float64: the truth allele fraction (0 for negatives)


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
    order = np.argsort(pos, kind="stable")
    return Candidates(pos[order], is_var[order], vaf_truth[order])


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
