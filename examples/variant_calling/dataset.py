"""Benchmark files -> candidates -> pileup features -> split arrays, with each test row's allele.

The one function the findings call. The slow parts (the caller's pass over the BAM, the pileup
summary; a few seconds each) are cached under the benchmark cache, keyed by the inputs' identity
and every setting that changes them, so a sweep reads the reads once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .simulate import BenchmarkFiles, SimulationParams, cache_root, ensure_benchmark

CACHE_VERSION = 3  # bump when a cached candidate table or pileup summary changes meaning


@dataclass(frozen=True)
class Sites:
    """The test rows as variants: what a VCF of the calls needs, and the strata they fall in."""

    contig: str  # the name the reference uses
    contig_length: int
    pos: Any  # int64, 0-based
    ref: list
    alt: list
    is_indel: Any  # bool
    is_hom: Any  # bool: truth genotype for positives, called from the allele fraction otherwise
    alt_fraction: Any  # float64: reads with the allele / reads at the site
    depth: Any  # float64: fragments showing a base at the site
    strata: dict = field(default_factory=dict)  # stratum label -> bool mask

    @property
    def end(self):
        import numpy as np

        return self.pos + np.array([len(r) for r in self.ref], dtype=np.int64)


@dataclass(frozen=True)
class VariantDataset:
    x_train: Any  # (n, 12) float32
    y_train: Any  # (n,) int64
    x_test: Any
    y_test: Any
    pos_train: Any
    pos_test: Any
    vaf_train: Any
    vaf_test: Any
    n_candidates: int  # before the coverage filter
    n_kept: int  # after it
    description: str
    scheme: str = "caller"
    test_sites: Sites | None = None
    missed: int = 0  # truth variants in the confident regions that are not candidates (caller)

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def prevalence(self) -> float:
        import numpy as np

        return float(np.concatenate([self.y_train, self.y_test]).mean())


def simulated_dataset(
    sample: str = "germline", seed: int = 0, candidates: str = "caller", **options
) -> VariantDataset:
    """The generated benchmark (built into the cache on first use) through :func:`load_dataset`."""
    files = ensure_benchmark(SimulationParams(sample=sample, seed=seed))
    return load_dataset(
        files,
        candidates=candidates,
        description=f"simulated {sample} (seed {seed}), {candidates} candidates",
        **options,
    )


def load_dataset(
    files: BenchmarkFiles,
    *,
    candidates: str = "caller",
    caller=None,
    n_positives: int = 2_000,
    negative_ratio: int = 3,
    min_depth: int | None = None,
    split: str = "stratified",
    test_fraction: float = 0.3,
    leak: bool = True,
    standardize: bool = True,
    data_seed: int = 0,
    description: str = "",
) -> VariantDataset:
    """Candidates, features and split for one benchmark.

    ``candidates="caller"`` takes every site with alt evidence, as a caller's candidate
    generation does (``caller``: an :class:`allele_counts.CallerSettings`, DeepVariant's
    defaults if None); ``candidates="paper"`` the paper's §2.6 scheme, ``n_positives`` truth SNVs
    and ``negative_ratio`` times as many random confident positions. ``min_depth`` drops sites
    with fewer fragments (default: 10 for the paper's scheme, as its coverage filter; none for
    the caller's, whose low-coverage sites are part of what a caller faces).

    ``leak=True`` builds the paper's features (position 6 is Eq. 7's ``low_vaf``);
    ``leak=False`` the de-leaked control. ``standardize`` scales each feature by the training
    rows' mean and standard deviation. ``data_seed`` fixes candidates and split: it is not the
    training seed.
    """
    import numpy as np

    from . import candidates as cands
    from . import features, inputs, strata

    if candidates not in cands.SCHEMES:
        raise ValueError(f"candidates must be one of {cands.SCHEMES}, got {candidates!r}")
    if split not in ("stratified", "block"):
        raise ValueError(f"split must be 'stratified' or 'block', got {split!r}")
    if min_depth is None:
        min_depth = 10 if candidates == "paper" else 0
    bam_contig = inputs.check_bam(files.bam, files.contig)
    reference = inputs.reference_sequence(files.reference, files.contig)
    ref_contig = inputs.resolve_contig(
        files.contig, _fasta_names(files.reference), files.reference, "reference FASTA"
    )
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig, len(reference))
    region_strata = strata.load_region_strata(files.stratifications, files.contig, len(reference))
    if candidates == "caller":
        chosen = _cached(
            files,
            ["caller", dataclasses.asdict(caller) if caller else None],
            cands.Candidates,
            lambda: _caller_candidates(files, bam_contig, reference, truth, confident, caller),
        )
    else:
        chosen = cands.sample_candidates(
            truth, confident, n_positives, negative_ratio, seed=data_seed
        )
    sites, row = np.unique(chosen.pos, return_inverse=True)
    summary = _cached(
        files,
        ["pileup", sites.tolist(), dataclasses.asdict(features.PILEUP), features.FEATURE_NAMES],
        features.PileupSummary,
        lambda: _summarize(files, bam_contig, sites, reference),
    )
    summary = features.PileupSummary(
        *(getattr(summary, f.name)[row] for f in dataclasses.fields(summary))
    )
    summary = _with_candidate_alleles(summary, chosen)

    kept = summary.depth >= min_depth
    summary = features.PileupSummary(
        *(getattr(summary, f.name)[kept] for f in dataclasses.fields(summary))
    )
    chosen = _subset(chosen, kept)
    pos, is_var, vaf_truth = chosen.pos, chosen.is_var, chosen.vaf_truth
    if leak:
        x = features.extract_features(summary, is_var, vaf_truth)
    else:
        x = features.extract_features_deleaked(summary, seed=data_seed)
    if split == "stratified":
        train, test = cands.stratified_split(is_var, test_fraction, seed=data_seed)
    else:
        train, test = cands.block_split(pos, is_var, test_fraction=test_fraction, seed=data_seed)
    if standardize:
        mean = x[train].mean(axis=0)
        std = x[train].std(axis=0)
        std[std == 0] = 1.0
        x = ((x - mean) / std).astype(np.float32)
    test_sites = _sites(chosen, summary, test, ref_contig, reference, region_strata)
    return VariantDataset(
        x_train=x[train],
        y_train=is_var[train],
        x_test=x[test],
        y_test=is_var[test],
        pos_train=pos[train],
        pos_test=pos[test],
        vaf_train=vaf_truth[train],
        vaf_test=vaf_truth[test],
        n_candidates=int(len(kept)),
        n_kept=int(kept.sum()),
        description=description or str(files.bam),
        scheme=candidates,
        test_sites=test_sites,
        missed=chosen.missed,
    )


def _fasta_names(path) -> list:
    fai = Path(f"{path}.fai")
    return [line.split("\t", 1)[0] for line in fai.read_text().splitlines() if line]


def _caller_candidates(files, bam_contig, reference, truth, confident, caller):
    from . import allele_counts, candidates, inputs

    try:
        counts = allele_counts.count_alleles(
            files.bam, bam_contig, reference, caller or allele_counts.CALLER
        )
    except OSError as error:  # htslib reports a BAM cut short mid-file as an OSError
        raise inputs.InputError(
            files.bam, f"cannot read alignments ({inputs._first_line(error)})"
        ) from None
    return candidates.caller_candidates(counts, truth, confident, reference, caller)


def _summarize(files, bam_contig, sites, reference):
    from . import features, inputs

    try:
        return features.summarize_pileups(files.bam, bam_contig, sites, reference)
    except OSError as error:
        raise inputs.InputError(
            files.bam, f"cannot read alignments ({inputs._first_line(error)})"
        ) from None


def _with_candidate_alleles(summary, chosen):
    """For an indel candidate, the pileup's alleles are 'carries the indel' and 'does not'.

    The summary counts bases at the anchor position, where an indel's reads still show the
    reference base; a caller's features describe the candidate allele instead. Its share of the
    reads (from the caller's count) replaces ``alt_count``, and the rest of the fragments count
    as reference.
    """
    import numpy as np

    if chosen.is_indel is None or not np.any(chosen.is_indel):
        return summary
    indel = np.asarray(chosen.is_indel)
    share = np.where(indel, chosen.alt_reads / np.maximum(chosen.depth_reads, 1), 0.0).clip(
        0.0, 1.0
    )
    alt_count = np.where(indel, np.round(share * summary.depth), summary.alt_count)
    ref_count = np.where(indel, summary.depth - alt_count, summary.ref_count)
    return dataclasses.replace(summary, alt_count=alt_count, ref_count=ref_count)


def _subset(chosen, keep):
    import numpy as np

    def pick(value):
        if value is None:
            return None
        if isinstance(value, list):
            return [v for v, k in zip(value, keep.tolist()) if k]
        return np.asarray(value)[keep]

    return dataclasses.replace(
        chosen,
        **{
            f.name: pick(getattr(chosen, f.name))
            for f in dataclasses.fields(chosen)
            if f.name != "missed"
        },
    )


def _sites(chosen, summary, rows, contig: str, reference: str, region_strata: dict) -> Sites:
    import numpy as np

    from . import strata

    pos = chosen.pos[rows]
    depth = summary.depth[rows]
    alt_fraction = summary.alt_count[rows] / np.maximum(depth, 1)
    ref = [chosen.ref[i] for i in rows.tolist()]
    alt = [chosen.alt[i] for i in rows.tolist()]
    for k, i in enumerate(rows.tolist()):
        if not ref[k]:  # the paper's scheme: the site's most frequent non-reference base
            ref[k] = reference[int(chosen.pos[i])]
            alt[k] = "ACGT"[int(summary.alt_base[i])]
            if alt[k] == ref[k]:
                alt[k] = "ACGT"[("ACGT".index(ref[k]) + 1) % 4] if ref[k] in "ACGT" else "A"
    is_indel = np.asarray(chosen.is_indel)[rows]
    positive = chosen.is_var[rows] == 1
    is_hom = np.where(positive, chosen.is_hom_truth[rows], alt_fraction >= strata.HOM_ALT_FRACTION)
    end = pos + np.array([len(r) for r in ref], dtype=np.int64)
    return Sites(
        contig=contig,
        contig_length=len(reference),
        pos=pos,
        ref=ref,
        alt=alt,
        is_indel=is_indel,
        is_hom=is_hom,
        alt_fraction=alt_fraction,
        depth=depth,
        strata=strata.membership(region_strata, pos, end, is_indel, is_hom),
    )


def _cached(files: BenchmarkFiles, key_parts: list, kind, compute):
    """``compute()``'s result (a dataclass ``kind`` of arrays, lists of strings and ints), stored
    under the cache as ``.npz`` (no pickle), keyed by the inputs' identity and ``key_parts``; an
    entry that fails to load is recomputed."""
    import numpy as np

    identity = [
        str(Path(p).resolve()) + f":{os.path.getsize(p)}:{os.path.getmtime(p)}"
        for p in (files.bam, files.truth_vcf, files.confident_bed, files.reference)
    ]
    key = hashlib.sha256(
        json.dumps([CACHE_VERSION, kind.__name__, identity, key_parts], default=str).encode()
    ).hexdigest()[:16]
    directory = cache_root() / "derived"
    path = directory / f"{key}.npz"
    names = [f.name for f in dataclasses.fields(kind)]
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as stored:
                values: dict = {}
                for name in names:
                    if f"{name}.none" in stored:
                        values[name] = None
                        continue
                    value = stored[name]
                    if f"{name}.list" in stored:
                        value = value.tolist()
                    elif value.ndim == 0:
                        value = value.item()
                    values[name] = value
                return kind(**values)
        except (OSError, KeyError, ValueError, TypeError):  # damaged or stale: recompute
            pass
    value = compute()
    arrays: dict[str, Any] = {}
    for name in names:
        item = getattr(value, name)
        if item is None:
            arrays[f"{name}.none"] = np.array(True)
        elif isinstance(item, list):
            arrays[name] = np.array(item, dtype=str)
            arrays[f"{name}.list"] = np.array(True)
        else:
            arrays[name] = np.asarray(item)
    directory.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=directory, suffix=".npz")
    os.close(handle)
    np.savez(tmp, **arrays)
    os.replace(tmp, path)
    return value
