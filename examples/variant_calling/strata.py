"""Stratified results: which candidates are SNVs or indels, het or hom-alt, in difficult regions.

Every variant-calling benchmark reports its accuracy by stratum (GIAB's stratification BEDs with
hap.py; the DeepVariant papers by variant type and coverage), because an overall F1 hides where
a caller fails. Region strata come as BED files in the layout of GIAB's genome stratifications
(v3.x): a manifest ``<ref>-all-stratifications.tsv`` whose lines are ``name<TAB>relative path``,
and the BEDs (bgzipped) beside it in folders such as ``LowComplexity/``. The generator writes its
difficult regions that way (:func:`write_stratifications`); with real GIAB files, GIAB's own
manifest is read the same way and the strata below are taken from it by name.

A candidate belongs to a region stratum when its reference span overlaps the stratum (hap.py's
rule). Variant type is the candidate's allele. Genotype: a positive takes its truth genotype; a
negative the genotype a caller would call from its allele fraction (hom-alt at 80 % of reads or
more), so a false positive lands in the stratum where it would be reported, as in hap.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "GRCh37-all-stratifications.tsv"
HOM_ALT_FRACTION = 0.8


@dataclass(frozen=True)
class RegionStratum:
    label: str
    names: tuple  # GIAB stratum names without the reference prefix, newest naming first
    folder: str  # where GIAB keeps it (and where the generator writes it)


REGION_STRATA = (
    RegionStratum(
        "homopolymer >=7 bp",
        (
            "AllHomopolymers_ge7bp_imperfectge11bp_slop5",
            "AllHomopolymers_gt6bp_imperfectgt10bp_slop5",
        ),
        "LowComplexity",
    ),
    RegionStratum(
        "tandem repeat <=50 bp",
        ("AllTandemRepeats_le50bp_slop5", "AllTandemRepeats_lt51bp_slop5"),
        "LowComplexity",
    ),
    RegionStratum("segmental duplication", ("segdups",), "SegmentalDuplications"),
    RegionStratum("low mappability", ("lowmappabilityall",), "Mappability"),
    RegionStratum("low coverage (simulated)", ("lowcoverage_simulated",), "Coverage"),
    RegionStratum("all difficult", ("alldifficultregions",), "Union"),
    RegionStratum("not difficult", ("notinalldifficultregions",), "Union"),
)
TYPE_STRATA = ("SNV", "INDEL", "het", "hom-alt")


# --------------------------------------------------------------------------------------------
# the manifest and its BEDs


def find_manifest(directory: Path | str) -> Path | None:
    """A GIAB-style ``*-all-stratifications.tsv`` in ``directory`` or below it (first found)."""
    directory = Path(directory)
    if not directory.is_dir():
        return None
    found = sorted(directory.glob("*-all-stratifications.tsv")) or sorted(
        directory.glob("**/*-all-stratifications.tsv")
    )
    return found[0] if found else None


def read_manifest(path: Path | str) -> dict:
    """``{name: BED path}`` from a GIAB stratification manifest (one-line errors by line)."""
    from .inputs import InputError, _require_file, _text_lines

    path = _require_file(path, "stratification manifest")
    entries = {}
    for number, line in _text_lines(path, "stratification manifest"):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[1].strip():
            raise InputError(path, f"line {number}: need 'name<TAB>path', got {line[:60]!r}")
        entries[fields[0].strip()] = path.parent / fields[1].strip()
    return entries


def load_region_strata(manifest: Path | str | None, contig: str, length: int) -> dict:
    """``{label: merged intervals}`` of the :data:`REGION_STRATA` the manifest has.

    A stratum the manifest lacks is left out (real GIAB releases have no coverage stratum); a
    stratum whose BED has no line for the contig is empty (a real GIAB BED may have none).
    """
    import numpy as np

    from .inputs import InputError, read_bed

    if manifest is None:
        return {}
    entries = read_manifest(manifest)
    by_suffix = {name.split("_", 1)[-1]: path for name, path in entries.items()}
    strata = {}
    for stratum in REGION_STRATA:
        path = next((by_suffix[n] for n in stratum.names if n in by_suffix), None)
        if path is None:
            continue
        try:
            strata[stratum.label] = read_bed(path, contig, length, what="stratification BED")
        except InputError as error:
            if "has no contig" not in error.problem:
                raise
            strata[stratum.label] = np.zeros((0, 2), dtype=np.int64)
    return strata


def overlaps(intervals, start, end):
    """Boolean per variant: does ``[start, end)`` overlap any of the merged ``intervals``?"""
    import numpy as np

    start, end = np.asarray(start), np.asarray(end)
    if len(intervals) == 0:
        return np.zeros(len(start), dtype=bool)
    k = np.searchsorted(intervals[:, 0], end - 1, side="right") - 1
    return (k >= 0) & (intervals[np.clip(k, 0, None), 1] > start)


def membership(region_strata: dict, start, end, is_indel, is_hom) -> dict:
    """``{stratum label: bool mask}`` over candidates: type, genotype, then region strata."""
    import numpy as np

    is_indel, is_hom = np.asarray(is_indel, dtype=bool), np.asarray(is_hom, dtype=bool)
    masks = {"SNV": ~is_indel, "INDEL": is_indel, "het": ~is_hom, "hom-alt": is_hom}
    for label, intervals in region_strata.items():
        masks[label] = overlaps(intervals, start, end)
    return masks


# --------------------------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class StratumRow:
    label: str
    n: int  # test candidates in the stratum
    positives: int
    f1_mean: float
    f1_sd: float
    seeds: int

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


def stratified_f1(runs, masks: dict) -> list:
    """Per stratum: n, positives and F1 mean +- sd over ``runs`` (one per seed, same test rows).

    F1 in a stratum is computed on the stratum's candidates only; a stratum without positives
    has no F1 (NaN), and the overall row comes first.
    """
    import math
    import statistics

    import numpy as np

    from pytest_mlaudit.core.metrics import f1_score

    rows = []
    truth = np.asarray(runs[0].y_true)
    for label, mask in [("all", np.ones(len(truth), dtype=bool)), *masks.items()]:
        mask = np.asarray(mask, dtype=bool)
        positives = int(truth[mask].sum())
        if positives == 0:
            values = [math.nan]
        else:
            values = [f1_score(truth[mask], np.asarray(r.y_score)[mask]) for r in runs]
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        rows.append(
            StratumRow(label, int(mask.sum()), positives, statistics.fmean(values), sd, len(runs))
        )
    return rows


def format_table(rows) -> str:
    """A markdown table of :func:`stratified_f1`'s rows."""
    lines = ["| stratum | n | positives | F1 mean ± sd |", "|---|---|---|---|"]
    for row in rows:
        f1 = "—" if row.f1_mean != row.f1_mean else f"{row.f1_mean:.3f} ± {row.f1_sd:.3f}"
        lines.append(f"| {row.label} | {row.n:,} | {row.positives:,} | {f1} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# writing (the generator)


def write_stratifications(directory: Path, contig: str, length: int, regions: dict) -> Path:
    """Write ``regions`` (``{label: (n, 2) intervals}``) as GIAB-style BEDs and their manifest.

    The two union strata are derived here from the others. Returns the manifest's path.
    """
    import numpy as np
    import pysam

    known = {s.label: s for s in REGION_STRATA}
    regions = {
        label: _merge(np.asarray(iv).reshape(-1, 2), length) for label, iv in regions.items()
    }
    union = _merge(np.concatenate([iv for iv in regions.values()] or [np.zeros((0, 2))]), length)
    regions["all difficult"] = union
    regions["not difficult"] = _complement(union, length)
    lines = []
    for label, intervals in regions.items():
        stratum = known[label]
        name = f"GRCh37_{stratum.names[0]}"
        relative = f"{stratum.folder}/{name}.bed.gz"
        plain = directory / stratum.folder / f"{name}.bed"
        plain.parent.mkdir(parents=True, exist_ok=True)
        plain.write_text("".join(f"{contig}\t{s}\t{e}\n" for s, e in intervals.tolist()))
        pysam.tabix_compress(str(plain), f"{plain}.gz", force=True)
        plain.unlink()
        lines.append(f"{name}\t{relative}\n")
    manifest = directory / MANIFEST
    manifest.write_text("".join(lines))
    return manifest


def _merge(intervals, length: int):
    import numpy as np

    if len(intervals) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    intervals = np.clip(intervals.astype(np.int64), 0, length)
    intervals = intervals[np.argsort(intervals[:, 0], kind="stable")]
    merged = [list(intervals[0])]
    for s, e in intervals[1:].tolist():
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = np.array(merged, dtype=np.int64)
    return out[out[:, 1] > out[:, 0]]


def _complement(intervals, length: int):
    import numpy as np

    edges = np.concatenate([[0], intervals.reshape(-1), [length]]).reshape(-1, 2)
    return edges[edges[:, 1] > edges[:, 0]]
