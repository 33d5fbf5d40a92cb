"""Real data: GIAB HG001 (NA12878) v3.3.2 on chromosome 21, GRCh37/hs37d5, as the paper used.

Point the pipeline at four files, by directory or one by one::

    export MLAUDIT_GIAB_DIR=/data/giab-hg001-chr21        # holds the names in GIAB_FILE_NAMES
    python -m examples.variant_calling.giab check          # one line per problem, exit 2 if any
    # or:  python -m examples.variant_calling.giab check --reference hs37d5.fa --bam my.bam \\
    #          --vcf truth.vcf.gz --bed confident.bed --contig chr21

Contig names ``21`` (hs37d5, the GIAB GRCh37 files) and ``chr21`` (UCSC-style BAMs) are resolved
per file, so a ``chr21`` BAM works against the GIAB truth that says ``21``.

``python -m examples.variant_calling.giab fetch DIR`` downloads the files (about 1 GB for the
reference, ~1.3 GB of chr21 reads streamed from the remote BAM through its index, and the GIAB
stratification BEDs the stratified tables use, under ``DIR/stratifications``; tests never run it). Checksums: GIAB publishes an ``md5sum`` file in each release directory and an ``.md5`` beside
its BAMs; the script downloads those and checks every file against them. None of the checksums
could be verified from this machine (no internet access while this was written), so no checksum
is written in this file: the script trusts only what it fetches from the publisher, and prints
the SHA-256 of anything it could not check so you can record it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import urllib.request
from pathlib import Path

from .inputs import InputError
from .simulate import BenchmarkFiles

GIAB_RELEASE = (
    "https://ftp-trace.ncbi.nlm.nih.gov/giab/ftp/release/NA12878_HG001/NISTv3.3.2/GRCh37/"
)
TRUTH_VCF = "HG001_GRCh37_GIAB_highconf_CG-IllFB-IllGATKHC-Ion-10X-SOLID_CHROM1-X_v.3.3.2_highconf_PGandRTGphasetransfer.vcf.gz"
CONFIDENT_BED = "HG001_GRCh37_GIAB_highconf_CG-IllFB-IllGATKHC-Ion-10X-SOLID_CHROM1-X_v.3.3.2_highconf_nosomaticdel.bed"
# GIAB's 30x downsample of the NIST HiSeq 300x HG001 data, aligned to hs37d5 (contigs "1".."22").
BAM_URL = "https://ftp-trace.ncbi.nlm.nih.gov/giab/ftp/data/NA12878/NIST_NA12878_HG001_HiSeq_300x/RMNISTHS_30xdownsample.bam"
REFERENCE_URL = "https://ftp.1000genomes.ebi.ac.uk/vol1/ftp/technical/reference/phase2_reference_assembly_sequence/hs37d5.fa.gz"

# GIAB's genome stratifications (v3.1, GRCh37): a manifest and the BEDs it lists; `fetch` takes
# the ones strata.REGION_STRATA reads, keeping the release's folder layout under this folder.
STRATIFICATIONS_URL = (
    "https://ftp-trace.ncbi.nlm.nih.gov/ReferenceSamples/giab/release/genome-stratifications/"
    "v3.1/GRCh37/"
)
STRATIFICATIONS_MANIFEST = "v3.1-GRCh37-all-stratifications.tsv"
STRATIFICATIONS_FOLDER = "stratifications"

GIAB_FILE_NAMES = {
    "reference": "hs37d5.chr21.fa",
    "bam": "HG001.chr21.30x.bam",
    "truth_vcf": TRUTH_VCF,
    "confident_bed": CONFIDENT_BED,
}


def giab_files(directory: Path | str | None = None, contig: str = "21") -> BenchmarkFiles:
    """The four GIAB files in ``directory`` (default: ``$MLAUDIT_GIAB_DIR``), checked to exist."""
    if directory is None:
        directory = os.environ.get("MLAUDIT_GIAB_DIR")
        if not directory:
            raise InputError(
                "$MLAUDIT_GIAB_DIR",
                "not set: point it at a directory holding the GIAB HG001 chr21 files",
            )
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(directory, "GIAB directory not found")
    paths = {key: directory / name for key, name in GIAB_FILE_NAMES.items()}
    for key, path in paths.items():
        if not path.is_file():
            raise InputError(
                path,
                f"{key} missing (run: python -m examples.variant_calling.giab fetch {directory})",
            )
    from .strata import find_manifest

    return BenchmarkFiles(
        paths["reference"],
        paths["bam"],
        paths["truth_vcf"],
        paths["confident_bed"],
        contig,
        stratifications=find_manifest(directory / STRATIFICATIONS_FOLDER)
        or find_manifest(directory),
    )


def check_files(files: BenchmarkFiles) -> list:
    """Every problem with the four files, each as one line (empty when all is well).

    The BAM is read through (every record, the index's counts compared), so this takes about
    a minute per GB; the BED is checked against the contig's length from the reference index.
    """
    from . import inputs

    try:
        length = inputs.reference_length(files.reference, files.contig)
    except InputError:
        length = None  # the reference's own check below names the problem
    problems = []
    checks = (
        lambda: inputs.check_bam(files.bam, files.contig, deep=True),
        lambda: inputs.reference_sequence(files.reference, files.contig)[:1],
        lambda: inputs.read_truth_vcf(files.truth_vcf, files.contig),
        lambda: inputs.read_bed(files.confident_bed, files.contig, length),
    )
    for check in checks:
        try:
            check()
        except InputError as error:
            problems.append(str(error))
    return problems


def real_dataset(directory: Path | str | None = None, contig: str = "21", **options):
    """The paper's real-data set from the GIAB files, through the same pipeline as the simulation."""
    from .dataset import load_dataset

    files = giab_files(directory, contig)
    scheme = options.get("candidates", "caller")
    return load_dataset(
        files,
        description=f"GIAB HG001 chr21 files in {files.bam.parent}, {scheme} candidates",
        **options,
    )


# --------------------------------------------------------------------------------------------
# fetching (network; never run by the tests)


def fetch(directory: Path, contig: str = "21") -> None:
    import pysam

    directory.mkdir(parents=True, exist_ok=True)
    release_md5 = _md5_table(GIAB_RELEASE + "md5sum")
    for name in (TRUTH_VCF, TRUTH_VCF + ".tbi", CONFIDENT_BED):
        _download(GIAB_RELEASE + name, directory / name, release_md5.get(name))

    bam = directory / GIAB_FILE_NAMES["bam"]
    if not bam.exists():
        print(
            f"streaming {contig} of {BAM_URL} (remote index; whole-file checksum does not apply to a slice)"
        )
        tmp = bam.with_suffix(".partial.bam")
        pysam.view("-b", "-o", str(tmp), BAM_URL, contig, catch_stdout=False)
        os.replace(tmp, bam)
        pysam.index(str(bam))

    reference = directory / GIAB_FILE_NAMES["reference"]
    if not reference.exists():
        gz = directory / "hs37d5.fa.gz"
        _download(REFERENCE_URL, gz, _md5_table(REFERENCE_URL + ".md5").get("hs37d5.fa.gz"))
        _extract_contig(gz, contig, reference)
        pysam.faidx(str(reference))
    _fetch_stratifications(directory / STRATIFICATIONS_FOLDER)
    print(f"done: export MLAUDIT_GIAB_DIR={directory}")


def _fetch_stratifications(folder: Path) -> None:
    """GIAB's manifest and the stratification BEDs strata.py uses, in GIAB's folder layout."""
    from .strata import REGION_STRATA, read_manifest

    folder.mkdir(parents=True, exist_ok=True)
    checksums = _md5_table(STRATIFICATIONS_URL + "md5sum")
    manifest = folder / STRATIFICATIONS_MANIFEST
    _download(
        STRATIFICATIONS_URL + STRATIFICATIONS_MANIFEST, manifest, checksums.get(manifest.name)
    )
    wanted = {name for stratum in REGION_STRATA for name in stratum.names}
    for name, path in read_manifest(manifest).items():
        if name.split("_", 1)[-1] in wanted:
            relative = path.relative_to(folder).as_posix()
            path.parent.mkdir(parents=True, exist_ok=True)
            _download(STRATIFICATIONS_URL + relative, path, checksums.get(path.name))


def _md5_table(url: str) -> dict:
    """``name -> md5`` from a published checksum file; empty (and said so) when unreachable."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            text = response.read().decode()
    except OSError as error:
        print(f"warning: no checksum list at {url} ({error}); files will be reported unverified")
        return {}
    table = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            table[Path(parts[-1].lstrip("*")).name] = parts[0]
        elif len(parts) == 1 and len(parts[0]) == 32:
            table[Path(url).name[: -len(".md5")]] = parts[0]
    return table


def _download(url: str, path: Path, expected_md5: str | None) -> None:
    if not path.exists():
        print(f"downloading {url}")
        tmp = path.with_name(path.name + ".partial")
        urllib.request.urlretrieve(url, tmp)
        os.replace(tmp, path)
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            md5.update(block)
            sha256.update(block)
    if expected_md5 is None:
        print(f"UNVERIFIED {path.name}: no published md5; sha256 {sha256.hexdigest()}")
    elif md5.hexdigest() != expected_md5:
        raise InputError(
            path,
            f"md5 {md5.hexdigest()} differs from the published {expected_md5}: delete it and fetch again",
        )
    else:
        print(f"verified {path.name} (md5 {expected_md5}, as published)")


def _extract_contig(gz: Path, contig: str, out: Path) -> None:
    import gzip

    keep = False
    tmp = out.with_name(out.name + ".partial")
    with gzip.open(gz, "rt") as source, open(tmp, "w") as sink:
        for line in source:
            if line.startswith(">"):
                if keep:
                    break
                keep = line[1:].split()[0] == contig
            if keep:
                sink.write(line)
    os.replace(tmp, out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m examples.variant_calling.giab", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the four input files; one line per problem")
    check.add_argument("directory", nargs="?", help="GIAB directory (default $MLAUDIT_GIAB_DIR)")
    for option in ("reference", "bam", "vcf", "bed"):
        check.add_argument(f"--{option}")
    check.add_argument("--contig", default="21")
    get = sub.add_parser("fetch", help="download the GIAB HG001 chr21 inputs (network)")
    get.add_argument("directory")
    get.add_argument("--contig", default="21")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch(Path(args.directory), args.contig)
            return 0
        if args.bam or args.vcf or args.bed or args.reference:
            missing = [o for o in ("reference", "bam", "vcf", "bed") if not getattr(args, o)]
            if missing:
                parser.error(f"give all four files; missing --{', --'.join(missing)}")
            files = BenchmarkFiles(
                Path(args.reference), Path(args.bam), Path(args.vcf), Path(args.bed), args.contig
            )
        else:
            files = giab_files(args.directory, args.contig)
        problems = check_files(files)
    except InputError as error:
        problems = [str(error)]
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    if not problems:
        print(
            f"ok: {files.bam}, {files.truth_vcf}, {files.confident_bed}, {files.reference} ({args.contig})"
        )
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
