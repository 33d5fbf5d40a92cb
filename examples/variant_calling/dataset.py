"""Benchmark files -> candidates -> pileup features -> coverage filter -> split arrays.

The one function the findings call. The pileup summary (the slow part, a few seconds) is cached
next to the benchmark, keyed by the inputs' identity and every setting that changes it, so a
sweep reads the reads once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .simulate import BenchmarkFiles, SimulationParams, cache_root, ensure_benchmark


@dataclass(frozen=True)
class VariantDataset:
    x_train: object  # (n, 12) float32
    y_train: object  # (n,) int64
    x_test: object
    y_test: object
    pos_train: object
    pos_test: object
    vaf_train: object
    vaf_test: object
    n_candidates: int  # before the coverage filter
    n_kept: int  # after it
    description: str

    @property
    def n_train(self) -> int:
        return len(self.y_train)


def simulated_dataset(sample: str = "germline", seed: int = 0, **options) -> VariantDataset:
    """The generated benchmark (built into the cache on first use) through :func:`load_dataset`."""
    files = ensure_benchmark(SimulationParams(sample=sample, seed=seed))
    return load_dataset(files, description=f"simulated {sample} (seed {seed})", **options)


def load_dataset(
    files: BenchmarkFiles,
    *,
    n_positives: int = 2_000,
    negative_ratio: int = 3,
    min_depth: int = 10,
    split: str = "stratified",
    test_fraction: float = 0.3,
    leak: bool = True,
    standardize: bool = True,
    data_seed: int = 0,
    description: str = "",
) -> VariantDataset:
    """Candidates, features and split for one benchmark, as the paper's §2.6.

    ``leak=True`` builds the paper's features (position 6 is Eq. 7's ``low_vaf``);
    ``leak=False`` the de-leaked control. ``standardize`` scales each feature by the training
    rows' mean and standard deviation (the paper does not say; without it ``depth`` and
    ``mean_mq`` are ~30-60 times the fractions). ``data_seed`` fixes candidates and split: it is
    not the training seed.
    """
    import numpy as np

    from . import candidates as cands
    from . import features, inputs

    if split not in ("stratified", "block"):
        raise ValueError(f"split must be 'stratified' or 'block', got {split!r}")
    bam_contig = inputs.check_bam(files.bam, files.contig)
    truth = inputs.read_truth_vcf(files.truth_vcf, files.contig)
    length = inputs.reference_length(files.reference, files.contig)
    confident = inputs.read_bed(files.confident_bed, files.contig, length)
    chosen = cands.sample_candidates(truth, confident, n_positives, negative_ratio, seed=data_seed)
    summary = _cached_summary(files, bam_contig, chosen.pos, n_positives, negative_ratio, data_seed)

    kept = summary.depth >= min_depth
    summary = features.PileupSummary(
        *(getattr(summary, f.name)[kept] for f in dataclasses.fields(summary))
    )
    pos, is_var, vaf_truth = chosen.pos[kept], chosen.is_var[kept], chosen.vaf_truth[kept]
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
    return VariantDataset(
        x_train=x[train],
        y_train=is_var[train],
        x_test=x[test],
        y_test=is_var[test],
        pos_train=pos[train],
        pos_test=pos[test],
        vaf_train=vaf_truth[train],
        vaf_test=vaf_truth[test],
        n_candidates=len(chosen.pos),
        n_kept=int(kept.sum()),
        description=description or str(files.bam),
    )


def _cached_summary(files: BenchmarkFiles, bam_contig: str, positions, *key_parts):
    import numpy as np

    from . import features, inputs

    identity = [
        str(Path(p).resolve()) + f":{os.path.getsize(p)}:{os.path.getmtime(p)}"
        for p in (files.bam, files.truth_vcf, files.confident_bed, files.reference)
    ]
    key = hashlib.sha256(
        json.dumps(
            [identity, list(key_parts), dataclasses.asdict(features.PILEUP), features.FEATURE_NAMES]
        ).encode()
    ).hexdigest()[:16]
    directory = cache_root() / "pileup-summaries"
    path = directory / f"{key}.npz"
    names = [f.name for f in dataclasses.fields(features.PileupSummary)]
    if path.exists():
        with np.load(path) as stored:
            if np.array_equal(stored["positions"], positions):
                return features.PileupSummary(*(stored[n] for n in names))
    reference = inputs.reference_sequence(files.reference, files.contig)
    try:
        summary = features.summarize_pileups(files.bam, bam_contig, positions, reference)
    except OSError as error:  # htslib reports a BAM cut short mid-file as an OSError
        raise inputs.InputError(
            files.bam, f"cannot read alignments ({inputs._first_line(error)})"
        ) from None
    directory.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=directory, suffix=".npz")
    os.close(handle)
    np.savez(tmp, positions=positions, **{n: getattr(summary, n) for n in names})
    os.replace(tmp, path)
    return summary
