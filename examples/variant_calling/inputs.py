"""Read and check the benchmark inputs (reference, BAM, truth VCF, BED files).

The same readers serve the generated benchmark and real GIAB files, so the generated files are a
test of the real-data path. Every problem a user can cause with their files becomes an
:class:`InputError` whose message is one line naming the file (and the line or record where
there is one): the pipeline never shows a traceback for bad inputs and never writes next to the
user's files (no index is built for them). What is checked, and why:

* a file's first bytes decide what it is before any library opens it: a SAM text file named
  ``.bam``, a VCF compressed with plain gzip (tabix needs BGZF blocks), a binary file given as a
  BED are named as such instead of failing somewhere inside htslib;
* a BAM needs an index that is newer than it (htslib's own rule) and a BGZF end-of-file block;
  :func:`check_bam` with ``deep=True`` (``giab check``) also reads every record, so a file cut
  short and given its end-of-file block back, or corrupted mid-file, is caught, and compares the
  record counts with the index's;
* BED and VCF text is read as bytes and decoded line by line, so a latin-1 or binary line is
  reported by number; BED intervals must lie on the contig (its length from the reference);
* truth VAFs must lie in [0, 1]; a file that names the contig both ``21`` and ``chr21`` is
  rejected rather than half-read.
"""

from __future__ import annotations

import contextlib
import gzip
import math
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class InputError(ValueError):
    """A benchmark input is missing, malformed or inconsistent; the message is one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Truth:
    """Truth variants of one contig; positions are 0-based, sorted."""

    pos: Any  # int64
    ref: list
    alt: list  # first ALT allele
    vaf: Any  # float64: INFO/VAF when given, else from the genotype (0.5 het, 1.0 hom-alt)
    is_snv: Any  # bool
    end: Any  # int64: one past the last reference base the variant covers
    is_hom: Any  # bool: genotype homozygous alternate (every called allele non-reference)


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


def reject_mixed_naming(names, path: Path | str, what: str, where: dict | None = None) -> None:
    """A file naming one contig both ``21`` and ``chr21`` would be half-read: refuse it."""
    present = set(names)
    for name in sorted(present):
        alias = contig_alias(name)
        if not name.startswith("chr") and alias in present:
            at = ""
            if where:
                at = f" (line {where[name]} and line {where[alias]})"
            raise InputError(
                path,
                f"{what} mixes contig names {name!r} and {alias!r}{at}: use one naming throughout",
            )


def _require_file(path: Path | str, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found")
    if os.path.getsize(path) == 0:
        raise InputError(path, f"{what} is empty")
    return path


def file_kind(path: Path | str) -> str:
    """What the first bytes say: ``bgzf``, ``gzip`` (plain, not BGZF), ``text`` or ``binary``."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    if head[:2] == b"\x1f\x8b":
        # BGZF is gzip with an extra field (FLG.FEXTRA) whose first subfield is 'BC'.
        return "bgzf" if len(head) >= 14 and head[3] & 4 and head[12:14] == b"BC" else "gzip"
    if b"\x00" in head:
        return "binary"
    return "text"


@contextlib.contextmanager
def quiet_htslib():
    """Silence htslib's own stderr lines while we turn its failures into one-line errors."""
    import pysam

    previous = pysam.set_verbosity(0)
    try:
        yield
    finally:
        pysam.set_verbosity(previous)


def _index_is_stale(data: Path, index: Path) -> bool:
    # htslib warns "The index file is older than the data file" on the same comparison.
    return os.path.getmtime(index) < os.path.getmtime(data)


# --------------------------------------------------------------------------------------------
# reference


def reference_sequence(path: Path | str, contig: str) -> str:
    """The contig's sequence, upper-case, from an faidx-indexed FASTA."""
    import pysam

    path = _require_file(path, "reference FASTA")
    if file_kind(path) == "gzip":
        raise InputError(
            path, "reference FASTA is compressed with plain gzip: decompress it or bgzip it"
        )
    if not Path(f"{path}.fai").is_file():
        raise InputError(
            path, f"reference FASTA has no index {path.name}.fai (run: samtools faidx {path})"
        )
    try:
        with quiet_htslib(), pysam.FastaFile(str(path)) as fasta:
            name = resolve_contig(contig, fasta.references, path, "reference FASTA")
            return fasta.fetch(name).upper()
    except InputError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read reference FASTA ({_first_line(error)})") from None


def reference_length(path: Path | str, contig: str) -> int:
    """The contig's length from the FASTA index (``.fai``), without reading the sequence."""
    path = _require_file(path, "reference FASTA")
    fai = Path(f"{path}.fai")
    if not fai.is_file():
        raise InputError(
            path, f"reference FASTA has no index {path.name}.fai (run: samtools faidx {path})"
        )
    lengths = {}
    for number, line in _text_lines(fai, "FASTA index"):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[1].isdigit():
            raise InputError(fai, f"line {number}: not an faidx line (name, length, ...)")
        lengths[fields[0]] = int(fields[1])
    return lengths[resolve_contig(contig, lengths, path, "reference FASTA")]


# --------------------------------------------------------------------------------------------
# BAM

_BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def bam_index(path: Path) -> Path | None:
    """The BAM's index as samtools names it: ``X.bam.bai``, ``X.bai`` or ``X.bam.csi``."""
    for candidate in (Path(f"{path}.bai"), path.with_suffix(".bai"), Path(f"{path}.csi")):
        if candidate.is_file():
            return candidate
    return None


def check_bam(path: Path | str, contig: str, deep: bool = False) -> str:
    """Check the BAM and return the name it uses for ``contig``.

    Always: it is BGZF-compressed BAM (not SAM text, not plain gzip), has an index that is not
    older than it, ends with the BGZF end-of-file block, names the contig one way. With
    ``deep``: every record is read (htslib checks each block's CRC), and the records per contig
    must match the index's counts, so an index built for another version of the file is caught.
    """
    import pysam

    path = _require_file(path, "BAM")
    kind = file_kind(path)
    if kind != "bgzf":
        raise InputError(path, _not_a_bam(path, kind))
    index = bam_index(path)
    if index is None:
        raise InputError(path, f"BAM has no index (run: samtools index {path})")
    if _index_is_stale(path, index):
        raise InputError(
            path,
            f"BAM index {index.name} is older than the BAM, so it may describe another file "
            f"(run: samtools index {path})",
        )
    if not _has_bgzf_eof(path):
        raise InputError(
            path, "BAM is truncated (no BGZF end-of-file marker): re-download or re-write it"
        )
    with quiet_htslib():
        try:
            bam = pysam.AlignmentFile(str(path), "rb", index_filename=str(index))
        except (OSError, ValueError) as error:
            raise InputError(path, f"not a readable BAM ({_first_line(error)})") from None
        try:
            if not bam.is_bam:
                raise InputError(path, _not_a_bam(path, "text"))
            reject_mixed_naming(bam.references, path, "BAM header")
            name = resolve_contig(contig, bam.references, path, "BAM")
            if deep:
                _read_through(bam, path)
            return name
        finally:
            with contextlib.suppress(OSError):  # closing a file htslib failed to read raises
                bam.close()


def _not_a_bam(path: Path, kind: str) -> str:
    if kind == "text":
        with open(path, "rb") as handle:
            first = handle.readline(200)
        if first.startswith(b"@") or first.count(b"\t") >= 10:
            return f"is SAM text, not BAM (convert: samtools view -b -o {path.stem}.sorted.bam {path}, then samtools index)"
        return "is a text file, not a BAM"
    if kind == "gzip":
        return "is compressed with plain gzip, not BGZF: not a BAM"
    return "is not a BAM (no BGZF header)"


def _read_through(bam, path: Path) -> None:
    counted = 0
    try:
        counted = bam.count(until_eof=True, read_callback="nofilter")
    except (OSError, ValueError) as error:
        raise InputError(
            path,
            f"BAM is corrupt or truncated: reading every record failed ({_first_line(error)}); "
            "re-download or re-write it",
        ) from None
    try:
        indexed = sum(s.total for s in bam.get_index_statistics()) + bam.nocoordinate
    except (OSError, ValueError, AttributeError):
        return  # an index without statistics (some .csi): nothing to compare
    if indexed != counted:
        raise InputError(
            path,
            f"BAM index does not match the BAM: it counts {indexed:,} records, the file holds "
            f"{counted:,} (run: samtools index {path})",
        )


def _has_bgzf_eof(path: Path) -> bool:
    # htslib only warns about a missing EOF block and then fails mid-file; the 28-byte empty
    # BGZF block that ends every complete BAM is checked here so the error comes first and clearly.
    with open(path, "rb") as handle:
        handle.seek(max(0, os.path.getsize(path) - len(_BGZF_EOF)))
        return handle.read() == _BGZF_EOF


# --------------------------------------------------------------------------------------------
# truth VCF


def read_truth_vcf(path: Path | str, contig: str) -> Truth:
    """Truth variants on ``contig`` from a bgzipped, tabix-indexed VCF (``pysam.VariantFile``).

    Only the contig is read, through the index, so a whole-genome GIAB VCF costs no more than
    its chr21 records. A record htslib rejects is located by re-reading the contig's lines and
    reported with its position; the genotype of the first sample gives VAF and zygosity unless
    the record has ``INFO/VAF``.
    """
    import numpy as np
    import pysam

    path = _require_file(path, "truth VCF")
    _require_bgzipped(path, "truth VCF", "vcf")
    index = next(
        (Path(f"{path}{e}") for e in (".tbi", ".csi") if Path(f"{path}{e}").is_file()), None
    )
    if index is None:
        raise InputError(path, f"truth VCF has no tabix index (run: tabix -p vcf {path})")
    if _index_is_stale(path, index):
        raise InputError(
            path, f"tabix index {index.name} is older than the VCF (run: tabix -f -p vcf {path})"
        )
    rows = []
    with quiet_htslib():
        try:
            vcf = pysam.VariantFile(str(path))
        except (OSError, ValueError) as error:
            raise InputError(path, f"not a readable VCF ({_first_line(error)})") from None
        with contextlib.closing(vcf):
            names = list(vcf.index) if vcf.index is not None else []
            reject_mixed_naming(names, path, "truth VCF")
            name = resolve_contig(contig, names, path, "truth VCF")
            where = f"{name}:start"
            try:
                for record in vcf.fetch(name):
                    where = f"{name}:{record.pos}"
                    row = _truth_row(path, record, where)
                    if row is not None:
                        rows.append(row)
            except InputError:
                raise
            except (OSError, ValueError, UnicodeDecodeError) as error:
                _locate_vcf_problem(path, name)
                raise InputError(
                    path, f"cannot read the record after {where} ({_first_line(error)})"
                ) from None
    rows.sort(key=lambda r: r[0])
    pos = np.array([r[0] for r in rows], dtype=np.int64)
    return Truth(
        pos=pos,
        ref=[r[1] for r in rows],
        alt=[r[2] for r in rows],
        vaf=np.array([r[3] for r in rows], dtype=np.float64),
        is_snv=np.array([r[4] for r in rows], dtype=bool),
        end=pos + np.array([len(r[1]) for r in rows], dtype=np.int64),
        is_hom=np.array([r[5] for r in rows], dtype=bool),
    )


_DNA = set("ACGTN")


def _truth_row(path: Path, record, where: str):
    ref = (record.ref or "").upper()
    if not ref or not set(ref) <= _DNA:
        raise InputError(
            path, f"malformed VCF record at {where}: REF {ref!r} is not a DNA sequence"
        )
    alts = record.alts
    if not alts:
        return None  # ALT '.': a reference call, not a variant
    first = alts[0].upper()
    if not set(first) <= _DNA:
        raise InputError(
            path,
            f"malformed VCF record at {where}: ALT {alts[0]!r} is not a DNA sequence "
            "(symbolic alleles are not supported)",
        )
    genotype = _genotype(record)
    if genotype is not None and not any(a not in (None, 0) for a in genotype):
        return None  # hom-ref or no call: not a variant of this sample
    called = [a for a in (genotype or ()) if a is not None]
    is_hom = bool(called) and all(a != 0 for a in called)
    vaf = None
    if "VAF" in record.info:
        value = record.info["VAF"]
        value = value[0] if isinstance(value, tuple) else value
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise InputError(path, f"malformed VCF record at {where}: INFO/VAF is not a number")
        if not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise InputError(
                path, f"malformed VCF record at {where}: INFO/VAF {value!r} is outside [0, 1]"
            )
        vaf = float(value)
    if vaf is None:
        # a sites-only truth VCF lists variants: count each as heterozygous
        vaf = sum(a != 0 for a in called) / len(called) if called else 0.5
    snv = len(ref) == 1 and all(len(a) == 1 and a.upper() in "ACGT" for a in alts)
    return record.start, ref, first, vaf, snv, is_hom


def _genotype(record):
    if not len(record.samples):
        return None
    sample = record.samples[0]
    if "GT" not in sample:
        return None
    return sample["GT"]


def _locate_vcf_problem(path: Path, name: str) -> None:
    """Re-read ``name``'s lines as text to name the record htslib rejected (raises if found)."""
    import pysam

    try:
        tabix = pysam.TabixFile(str(path), encoding="latin-1")
        lines = list(tabix.fetch(name))
        tabix.close()
    except (OSError, ValueError):
        return  # the caller reports htslib's own message
    for line in lines:
        _check_vcf_line(path, line)


def _check_vcf_line(path: Path, line: str) -> None:
    fields = line.rstrip("\n").split("\t")
    where = f"{fields[0]}:{fields[1]}" if len(fields) > 1 else repr(line[:40])
    if not line.isascii():
        column = next(i for i, c in enumerate(line, 1) if not c.isascii())
        raise InputError(path, f"malformed VCF record at {where}: not ASCII text (column {column})")
    if len(fields) < 8:
        raise InputError(
            path,
            f"malformed VCF record at {where}: {len(fields)} tab-separated fields, need at least 8",
        )
    if not fields[1].isdigit() or int(fields[1]) < 1:
        raise InputError(
            path, f"malformed VCF record at {where}: POS {fields[1]!r} is not a positive integer"
        )
    if len(fields) >= 10 and "GT" in fields[8].split(":"):
        keys, values = fields[8].split(":"), fields[9].split(":")
        gt = values[keys.index("GT")] if keys.index("GT") < len(values) else "."
        if any(a != "." and not a.isdigit() for a in gt.replace("|", "/").split("/")):
            raise InputError(path, f"malformed VCF record at {where}: genotype {gt!r}")


def _require_bgzipped(path: Path, what: str, preset: str) -> None:
    kind = file_kind(path)
    if kind == "gzip":
        raise InputError(
            path,
            f"{what} is compressed with plain gzip, not bgzip, so it cannot be indexed "
            f"(re-compress: zcat {path} | bgzip > NEW.gz && tabix -p {preset} NEW.gz)",
        )
    if kind == "text":
        raise InputError(
            path, f"{what} is not compressed (run: bgzip {path} && tabix -p {preset} {path}.gz)"
        )
    if kind != "bgzf":
        raise InputError(path, f"{what} is not a bgzipped text file")


# --------------------------------------------------------------------------------------------
# BED files (confident regions, stratifications)


def read_bed(
    path: Path | str, contig: str, length: int | None = None, what: str = "confident-region BED"
):
    """Sorted, merged ``(start, end)`` intervals (0-based, half-open) of ``contig``.

    Plain or gzip/bgzip-compressed. ``length`` (the contig's length) rejects an interval that
    runs past the contig's end; a file without any line for the contig is an error, since a
    confident-region or stratification BED without it is the wrong file.
    """
    import numpy as np

    path = _require_file(path, what)
    names: dict = {}  # name -> first line it appears on
    intervals = []
    for number, line in _text_lines(path, what):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise InputError(
                path, f"line {number}: {len(fields)} tab-separated fields, a BED line needs 3"
            )
        chrom, start, end = fields[0], fields[1].strip(), fields[2].strip()
        if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
            raise InputError(
                path,
                f"line {number}: start {start!r} and end {end!r} must be integers with start < end",
            )
        names.setdefault(chrom, number)
        intervals.append((chrom, int(start), int(end), number))
    reject_mixed_naming(names, path, what, where=names)
    name = resolve_contig(contig, sorted(names), path, what)
    mine = sorted((s, e, n) for c, s, e, n in intervals if c == name)
    if length is not None:
        past = [(e, n) for _, e, n in mine if e > length]
        if past:
            end, number = max(past)
            raise InputError(
                path,
                f"line {number}: interval ends at {end:,}, past the end of contig {name} "
                f"({length:,} bases): is this BED for another reference?",
            )
    merged: list = []
    for s, e, _ in mine:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return np.array(merged, dtype=np.int64).reshape(-1, 2)


def _text_lines(path: Path, what: str):
    """``(line number, text)`` of a text file, plain or gzip-compressed, decoded line by line."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(
                path, f"{what} is not a valid gzip file ({_first_line(error)})"
            ) from None
    for number, line in enumerate(raw.split(b"\n"), 1):
        if b"\x00" in line:
            raise InputError(path, f"line {number}: binary data (a NUL byte): is this a {what}?")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                path,
                f"line {number}: not UTF-8 text (byte 0x{line[error.start]:02X} at column "
                f"{error.start + 1}): is this a {what}?",
            ) from None
        yield number, text.rstrip("\r")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
