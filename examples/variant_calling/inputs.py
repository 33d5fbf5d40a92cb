"""Read and check the four benchmark inputs (reference, BAM, truth VCF, confident BED).

The same readers serve the generated benchmark and real GIAB files, so the generated files are a
test of the real-data path. Every problem a user can cause with their files (a missing index, a
truncated BAM, a malformed VCF or BED line, a contig that one file lacks) becomes an
:class:`InputError` whose message is one line naming the file: the pipeline never shows a
traceback for bad inputs and never writes next to the user's files (no index is built for them).
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path


class InputError(ValueError):
    """A benchmark input is missing, malformed or inconsistent; the message is one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Truth:
    """Truth variants of one contig; positions are 0-based."""

    pos: object  # int64
    ref: list
    alt: list  # first ALT allele
    vaf: object  # float64: INFO/VAF when given, else from the genotype (0.5 het, 1.0 hom-alt)
    is_snv: object  # bool
    end: object  # int64: one past the last reference base the variant covers


def contig_alias(name: str) -> str:
    """``21`` <-> ``chr21``: GRCh37/hs37d5 files say ``21``, UCSC-style files ``chr21``."""
    return name[3:] if name.startswith("chr") else f"chr{name}"


def resolve_contig(requested: str, available, path: Path | str, what: str) -> str:
    """The name ``path`` uses for ``requested`` (itself or its chr-alias), or an InputError."""
    names = list(available)
    for candidate in (requested, contig_alias(requested)):
        if candidate in names:
            return candidate
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    raise InputError(
        path,
        f"{what} has no contig {requested!r} (nor {contig_alias(requested)!r}); it has: {shown or 'none'}",
    )


def _require_file(path: Path | str, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found")
    if os.path.getsize(path) == 0:
        raise InputError(path, f"{what} is empty")
    return path


# --------------------------------------------------------------------------------------------
# reference


def reference_sequence(path: Path | str, contig: str) -> str:
    """The contig's sequence, upper-case, from an faidx-indexed FASTA."""
    import pysam

    path = _require_file(path, "reference FASTA")
    if not Path(f"{path}.fai").is_file():
        raise InputError(
            path, f"reference FASTA has no index {path.name}.fai (run: samtools faidx {path})"
        )
    try:
        with pysam.FastaFile(str(path)) as fasta:
            name = resolve_contig(contig, fasta.references, path, "reference FASTA")
            return fasta.fetch(name).upper()
    except (OSError, ValueError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(path, f"cannot read reference FASTA ({_first_line(error)})") from None


# --------------------------------------------------------------------------------------------
# BAM


def check_bam(path: Path | str, contig: str) -> str:
    """Check the BAM (index, EOF marker, contig) and return the contig name it uses."""
    import pysam

    path = _require_file(path, "BAM")
    try:
        bam = pysam.AlignmentFile(str(path), "rb")
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a readable BAM ({_first_line(error)})") from None
    with bam:
        try:
            indexed = bam.check_index()
        except ValueError:  # pysam raises rather than answer False when there is no index
            indexed = False
        if not indexed:
            raise InputError(path, f"BAM has no index (run: samtools index {path})")
        if not _has_bgzf_eof(path):
            raise InputError(
                path, "BAM is truncated (no BGZF end-of-file marker): re-download or re-write it"
            )
        return resolve_contig(contig, bam.references, path, "BAM")


def _has_bgzf_eof(path: Path) -> bool:
    # htslib only warns about a missing EOF block and then fails mid-file; the 28-byte empty
    # BGZF block that ends every complete BAM is checked here so the error comes first and clearly.
    eof = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
    with open(path, "rb") as handle:
        handle.seek(max(0, os.path.getsize(path) - len(eof)))
        return handle.read() == eof


# --------------------------------------------------------------------------------------------
# truth VCF


def read_truth_vcf(path: Path | str, contig: str) -> Truth:
    """Truth variants on ``contig`` from a bgzipped, tabix-indexed VCF.

    Only the contig is read, through the tabix index, so a whole-genome GIAB VCF costs no more
    than its chr21 records. A line that does not parse is reported with its position.
    """
    import numpy as np
    import pysam

    path = _require_file(path, "truth VCF")
    if not any(Path(f"{path}{ext}").is_file() for ext in (".tbi", ".csi")):
        raise InputError(path, f"truth VCF has no tabix index (run: tabix -p vcf {path})")
    try:
        tabix = pysam.TabixFile(str(path))
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a bgzipped, indexed VCF ({_first_line(error)})") from None
    pos, ref, alt, vaf, is_snv, end = [], [], [], [], [], []
    with tabix:
        name = resolve_contig(contig, tabix.contigs, path, "truth VCF")
        try:
            for line in tabix.fetch(name):
                record = _parse_vcf_line(path, line)
                if record is None:
                    continue
                (
                    pos.append(record[0]),
                    ref.append(record[1]),
                    alt.append(record[2]),
                    vaf.append(record[3]),
                )
                is_snv.append(record[4]), end.append(record[0] + len(record[1]))
        except (OSError, ValueError) as error:
            if isinstance(error, InputError):
                raise
            raise InputError(
                path, f"cannot read records of {name} ({_first_line(error)})"
            ) from None
    order = np.argsort(np.array(pos, dtype=np.int64), kind="stable")
    return Truth(
        pos=np.array(pos, dtype=np.int64)[order],
        ref=[ref[i] for i in order],
        alt=[alt[i] for i in order],
        vaf=np.array(vaf, dtype=np.float64)[order],
        is_snv=np.array(is_snv, dtype=bool)[order],
        end=np.array(end, dtype=np.int64)[order],
    )


_ACGT = set("ACGTN")


def _parse_vcf_line(path: Path, line: str):
    fields = line.rstrip("\n").split("\t")
    where = f"{fields[0]}:{fields[1]}" if len(fields) > 1 else repr(line[:40])
    if len(fields) < 8:
        raise InputError(
            path,
            f"malformed VCF record at {where}: {len(fields)} tab-separated fields, need at least 8",
        )
    chrom, pos_text, _, ref, alts = fields[:5]
    if not pos_text.isdigit() or int(pos_text) < 1:
        raise InputError(
            path, f"malformed VCF record at {where}: POS {pos_text!r} is not a positive integer"
        )
    if not ref or not set(ref.upper()) <= _ACGT:
        raise InputError(
            path, f"malformed VCF record at {where}: REF {ref!r} is not a DNA sequence"
        )
    alt_list = alts.split(",")
    if any(not a for a in alt_list):
        raise InputError(path, f"malformed VCF record at {where}: empty ALT allele in {alts!r}")
    info = fields[7]
    vaf = None
    for item in info.split(";"):
        if item.startswith("VAF="):
            try:
                vaf = float(item[4:].split(",")[0])
            except ValueError:
                raise InputError(
                    path, f"malformed VCF record at {where}: INFO VAF {item[4:]!r} is not a number"
                ) from None
    if vaf is None:
        vaf = _vaf_from_genotype(path, where, fields)
        if vaf is None:
            return None  # hom-ref or no call: not a variant of this sample
    first_alt = alt_list[0]
    snv = len(ref) == 1 and all(len(a) == 1 and a.upper() in "ACGT" for a in alt_list)
    return int(pos_text) - 1, ref.upper(), first_alt.upper(), vaf, snv


def _vaf_from_genotype(path: Path, where: str, fields: list):
    if len(fields) < 10:
        return 0.5  # a sites-only truth VCF lists variants: count each as heterozygous
    keys = fields[8].split(":")
    if "GT" not in keys:
        raise InputError(path, f"malformed VCF record at {where}: FORMAT {fields[8]!r} has no GT")
    values = fields[9].split(":")
    gt = values[keys.index("GT")] if keys.index("GT") < len(values) else "."
    alleles = gt.replace("|", "/").split("/")
    if any(a != "." and not a.isdigit() for a in alleles):
        raise InputError(path, f"malformed VCF record at {where}: genotype {gt!r}")
    called = [a for a in alleles if a != "."]
    if not called or all(a == "0" for a in called):
        return None
    return sum(a != "0" for a in called) / len(called)


# --------------------------------------------------------------------------------------------
# confident-region BED


def read_bed(path: Path | str, contig: str):
    """Sorted, merged ``(start, end)`` intervals (0-based, half-open) of ``contig``."""
    import numpy as np

    path = _require_file(path, "confident-region BED")
    opener = gzip.open if str(path).endswith(".gz") else open
    names, intervals = set(), []
    with opener(path, "rt") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith(("#", "track", "browser")):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3:
                raise InputError(
                    path, f"line {number}: {len(fields)} tab-separated fields, a BED line needs 3"
                )
            chrom, start, end = fields[:3]
            if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
                raise InputError(
                    path,
                    f"line {number}: start {start!r} and end {end!r} must be integers with start < end",
                )
            names.add(chrom)
            intervals.append((chrom, int(start), int(end)))
    name = resolve_contig(contig, sorted(names), path, "confident-region BED")
    mine = sorted((s, e) for c, s, e in intervals if c == name)
    merged = []
    for s, e in mine:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return np.array(merged, dtype=np.int64).reshape(-1, 2)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
