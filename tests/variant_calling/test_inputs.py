"""Bad or mismatched inputs give one-line errors naming the file (generated files, then broken)."""

from __future__ import annotations

import gzip
import os
import shutil

import pysam
import pytest

from examples.variant_calling import inputs
from examples.variant_calling.dataset import load_dataset
from examples.variant_calling.simulate import BenchmarkFiles


def _one_line(error: BaseException, path) -> str:
    text = str(error)
    assert "\n" not in text and str(path) in text
    return text


def _copy(files: BenchmarkFiles, tmp_path) -> BenchmarkFiles:
    for p in sorted(files.bam.parent.iterdir()):  # data before its index (.bam < .bam.bai)
        if p.is_dir():
            shutil.copytree(p, tmp_path / p.name)
        else:
            shutil.copy(p, tmp_path / p.name)
    return BenchmarkFiles(
        tmp_path / files.reference.name,
        tmp_path / files.bam.name,
        tmp_path / files.truth_vcf.name,
        tmp_path / files.confident_bed.name,
        files.contig,
    )


def test_missing_bam_index(tiny_benchmark, tmp_path):
    files = _copy(tiny_benchmark, tmp_path)
    (tmp_path / "reads.bam.bai").unlink()
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(files.bam, files.contig)
    assert "no index" in _one_line(error.value, files.bam)


def test_truncated_bam(tiny_benchmark, tmp_path):
    files = _copy(tiny_benchmark, tmp_path)
    data = files.bam.read_bytes()
    files.bam.write_bytes(data[: len(data) // 2])
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(files.bam, files.contig)
    assert "truncated" in _one_line(error.value, files.bam)


def test_not_a_bam(tmp_path):
    path = tmp_path / "reads.bam"
    path.write_text("hello\n")
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(path, "21")
    _one_line(error.value, path)


def test_contig_missing_from_bam_lists_what_is_there(tiny_benchmark):
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(tiny_benchmark.bam, "22")
    text = _one_line(error.value, tiny_benchmark.bam)
    assert "'22'" in text and "'chr22'" in text and "21" in text


def test_chr_prefix_is_resolved_in_each_file(tiny_benchmark):
    files = tiny_benchmark
    assert inputs.check_bam(files.bam, "chr21") == "21"
    assert len(inputs.read_truth_vcf(files.truth_vcf, "chr21").pos) > 0
    assert len(inputs.read_bed(files.confident_bed, "chr21")) > 0
    assert inputs.contig_alias("chr21") == "21" and inputs.contig_alias("21") == "chr21"


def _rewrite_vcf(tmp_path, files, mutate):
    with gzip.open(files.truth_vcf, "rt") as handle:
        lines = handle.readlines()
    body = [i for i, line in enumerate(lines) if not line.startswith("#")]
    mutate(lines, body)
    plain = tmp_path / "bad.vcf"
    plain.write_text("".join(lines))
    return pysam.tabix_index(str(plain), preset="vcf", force=True)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (
            lambda lines, body: lines.__setitem__(
                body[3], "\t".join(lines[body[3]].split("\t")[:5]) + "\n"
            ),
            "fields",
        ),
        (
            lambda lines, body: lines.__setitem__(
                body[3],
                lines[body[3]].replace("\tGT\t0/1", "\tGT\tX/1").replace("\tGT\t1/1", "\tGT\tX/1"),
            ),
            "genotype",
        ),
        (
            lambda lines, body: lines.__setitem__(
                body[3], lines[body[3]].replace("\t.\t", "\t.\tQ", 1)
            ),
            "REF",
        ),
    ],
)
def test_malformed_vcf_record_is_located(tiny_benchmark, tmp_path, mutate, expected):
    path = _rewrite_vcf(tmp_path, tiny_benchmark, mutate)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    text = _one_line(error.value, path)
    assert expected in text and "21:" in text


def test_vcf_without_index(tiny_benchmark, tmp_path):
    path = tmp_path / "truth.vcf.gz"
    shutil.copy(tiny_benchmark.truth_vcf, path)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    assert "tabix" in _one_line(error.value, path)


@pytest.mark.parametrize(
    "line, expected",
    [("21\t100\n", "line 3"), ("21\t100\tabc\n", "line 3"), ("21\t200\t100\n", "start")],
)
def test_malformed_bed_line_is_numbered(tmp_path, line, expected):
    path = tmp_path / "confident.bed"
    path.write_text("track name=x\n21\t10\t50\n" + line)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_bed(path, "21")
    assert expected in _one_line(error.value, path)


def test_bed_is_merged_and_filtered_by_contig(tmp_path):
    path = tmp_path / "confident.bed"
    path.write_text("chr21\t10\t50\nchr22\t0\t5\nchr21\t40\t60\nchr21\t100\t110\n")
    assert inputs.read_bed(path, "21").tolist() == [[10, 60], [100, 110]]


def test_reference_without_fai_is_not_indexed_for_the_user(tiny_benchmark, tmp_path):
    path = tmp_path / "reference.fa"
    shutil.copy(tiny_benchmark.reference, path)
    with pytest.raises(inputs.InputError) as error:
        inputs.reference_sequence(path, "21")
    assert "faidx" in _one_line(error.value, path)
    assert not (tmp_path / "reference.fa.fai").exists()


def test_vaf_comes_from_info_or_genotype(tiny_benchmark, tiny_mosaic):
    germline = inputs.read_truth_vcf(tiny_benchmark.truth_vcf, "21")
    assert set(germline.vaf.tolist()) == {0.5, 1.0}
    mosaic = inputs.read_truth_vcf(tiny_mosaic.truth_vcf, "21")
    assert (mosaic.vaf < 0.05).any()


def test_pipeline_on_a_truncated_bam_fails_with_one_line(tiny_benchmark, tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE", str(tmp_path / "cache"))
    files = _copy(tiny_benchmark, tmp_path)
    data = files.bam.read_bytes()
    files.bam.write_bytes(data[: len(data) - 1000])
    with pytest.raises(inputs.InputError) as error:
        load_dataset(files, n_positives=50)
    _one_line(error.value, files.bam)


def test_giab_check_cli_reports_ok_and_one_line_errors(tiny_benchmark, tmp_path, capsys):
    from examples.variant_calling import giab

    files = tiny_benchmark
    args = [
        "check",
        "--reference",
        str(files.reference),
        "--bam",
        str(files.bam),
        "--vcf",
        str(files.truth_vcf),
        "--bed",
        str(files.confident_bed),
        "--contig",
        "chr21",
    ]
    assert giab.main(args) == 0
    assert capsys.readouterr().out.startswith("ok:")
    broken = _copy(files, tmp_path)
    (tmp_path / "reads.bam.bai").unlink()
    broken_bed = tmp_path / "confident.bed"
    broken_bed.write_text("21\t5\n")
    args = [
        "check",
        "--reference",
        str(broken.reference),
        "--bam",
        str(broken.bam),
        "--vcf",
        str(broken.truth_vcf),
        "--bed",
        str(broken_bed),
    ]
    assert giab.main(args) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and str(broken.bam) in errors[0] and str(broken_bed) in errors[1]


def test_giab_directory_layout_names_the_missing_file(tmp_path, monkeypatch):
    from examples.variant_calling import giab

    monkeypatch.delenv("MLAUDIT_GIAB_DIR", raising=False)
    with pytest.raises(inputs.InputError, match="MLAUDIT_GIAB_DIR"):
        giab.giab_files()
    with pytest.raises(inputs.InputError) as error:
        giab.giab_files(tmp_path)
    assert "fetch" in _one_line(error.value, tmp_path)


# --------------------------------------------------------------------------------------------
# hostile inputs (issue: reliability, genomic inputs): one test per case, each a one-line error


_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def _deep_error(files) -> str:
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(files.bam, files.contig, deep=True)
    return _one_line(error.value, files.bam)


def test_truncated_bam_with_its_eof_block_put_back_is_caught_by_reading_through(
    tiny_benchmark, tmp_path
):
    files = _copy(tiny_benchmark, tmp_path)
    data = files.bam.read_bytes()
    files.bam.write_bytes(data[: len(data) // 2] + _EOF)
    os.utime(files.bam.parent / "reads.bam.bai")  # the index stays newer than the BAM
    assert inputs.check_bam(files.bam, files.contig) == "21"  # the quick check cannot see it
    assert "corrupt or truncated" in _deep_error(files)


def test_bam_corrupted_mid_file_is_caught_by_reading_through(tiny_benchmark, tmp_path):
    files = _copy(tiny_benchmark, tmp_path)
    data = bytearray(files.bam.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
    files.bam.write_bytes(bytes(data))
    os.utime(files.bam.parent / "reads.bam.bai")
    assert "corrupt or truncated" in _deep_error(files)


def test_bam_index_older_than_the_bam_is_stale(tiny_benchmark, tmp_path):
    files = _copy(tiny_benchmark, tmp_path)
    index = files.bam.parent / "reads.bam.bai"
    old = files.bam.stat().st_mtime - 3600
    os.utime(index, (old, old))
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(files.bam, files.contig)
    assert "older than the BAM" in _one_line(error.value, files.bam)


def test_bam_index_of_another_file_is_inconsistent(tiny_benchmark, tmp_path):
    files = _copy(tiny_benchmark, tmp_path)
    fewer = tmp_path / "fewer.bam"
    pysam.view("-b", "-q", "30", "-o", str(fewer), str(files.bam), catch_stdout=False)
    pysam.index(str(fewer))
    shutil.copy(fewer.parent / "fewer.bam.bai", files.bam.parent / "reads.bam.bai")
    assert "does not match" in _deep_error(files)


def test_sam_text_named_bam_is_named_as_sam(tiny_benchmark, tmp_path):
    path = tmp_path / "reads.bam"
    path.write_text(pysam.view("-h", str(tiny_benchmark.bam)))
    with pytest.raises(inputs.InputError) as error:
        inputs.check_bam(path, "21")
    assert "SAM text" in _one_line(error.value, path)


def test_gzip_not_bgzip_vcf_is_named(tiny_benchmark, tmp_path):
    path = tmp_path / "truth.vcf.gz"
    with gzip.open(tiny_benchmark.truth_vcf) as source:
        path.write_bytes(gzip.compress(source.read()))
    shutil.copy(f"{tiny_benchmark.truth_vcf}.tbi", f"{path}.tbi")
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    assert "plain gzip, not bgzip" in _one_line(error.value, path)


def test_binary_bed_is_one_line(tmp_path):
    path = tmp_path / "confident.bed"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_bed(path, "21")
    assert "line 1: binary data" in _one_line(error.value, path)


def test_latin1_bed_line_is_numbered(tmp_path):
    path = tmp_path / "confident.bed"
    path.write_bytes(b"21\t10\t50\tok\n21\t60\t70\tcaf\xe9\n")
    with pytest.raises(inputs.InputError) as error:
        inputs.read_bed(path, "21")
    assert "line 2: not UTF-8 text (byte 0xE9" in _one_line(error.value, path)


def test_latin1_vcf_record_is_located(tiny_benchmark, tmp_path):
    def mutate(lines, body):
        fields = lines[body[3]].split("\t")
        fields[4] = "\xe9"  # the ALT allele, which the reader decodes
        lines[body[3]] = "\t".join(fields)

    with gzip.open(tiny_benchmark.truth_vcf, "rt") as handle:
        lines = handle.readlines()
    body = [i for i, line in enumerate(lines) if not line.startswith("#")]
    mutate(lines, body)
    plain = tmp_path / "bad.vcf"
    plain.write_bytes("".join(lines).encode("latin-1"))
    path = pysam.tabix_index(str(plain), preset="vcf", force=True)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    text = _one_line(error.value, path)
    assert "21:" in text and ("ASCII" in text or "UTF-8" in text)


def test_bed_interval_past_the_contig_end_is_named(tmp_path):
    path = tmp_path / "confident.bed"
    path.write_text("21\t10\t50\n21\t900\t1200\n")
    assert inputs.read_bed(path, "21", length=5_000).tolist() == [[10, 50], [900, 1200]]
    with pytest.raises(inputs.InputError) as error:
        inputs.read_bed(path, "21", length=1_000)
    text = _one_line(error.value, path)
    assert "line 2" in text and "past the end of contig 21" in text


def test_bed_past_the_contig_end_stops_the_pipeline_in_one_line(
    tiny_benchmark, tmp_path, monkeypatch
):
    monkeypatch.setenv("MLAUDIT_CACHE", str(tmp_path / "cache"))
    files = _copy(tiny_benchmark, tmp_path)
    with open(files.confident_bed, "a") as handle:
        handle.write("21\t59000\t61000\n")
    with pytest.raises(inputs.InputError) as error:
        load_dataset(files, n_positives=50)
    assert "past the end" in _one_line(error.value, files.confident_bed)
    from examples.variant_calling import giab

    problems = giab.check_files(files)
    assert len(problems) == 1 and "past the end" in problems[0]


@pytest.mark.parametrize("value", ["-7.5", "1.5", "nan", "inf", "abc"])
def test_vaf_outside_zero_one_is_rejected(tiny_benchmark, tmp_path, value):
    def mutate(lines, body):
        fields = lines[body[3]].split("\t")
        fields[7] = f"VAF={value}"
        lines[body[3]] = "\t".join(fields)

    path = _rewrite_vcf(tmp_path, tiny_benchmark, mutate)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    text = _one_line(error.value, path)
    assert "21:" in text and "VAF" in text


def test_bed_mixing_21_and_chr21_is_rejected(tmp_path):
    path = tmp_path / "confident.bed"
    path.write_text("21\t10\t50\n21\t60\t70\nchr21\t80\t90\n")
    with pytest.raises(inputs.InputError) as error:
        inputs.read_bed(path, "21")
    text = _one_line(error.value, path)
    assert "'21'" in text and "'chr21'" in text and "line 1" in text and "line 3" in text


def test_vcf_mixing_21_and_chr21_is_rejected(tiny_benchmark, tmp_path):
    with gzip.open(tiny_benchmark.truth_vcf, "rt") as handle:
        lines = handle.readlines()
    header = [line for line in lines if line.startswith("#")]
    header.insert(1, "##contig=<ID=chr21,length=60000>\n")
    body = [line for line in lines if not line.startswith("#")]
    plain = tmp_path / "mixed.vcf"
    plain.write_text("".join(header + body[:20] + ["chr" + line for line in body[20:]]))
    path = pysam.tabix_index(str(plain), preset="vcf", force=True)
    with pytest.raises(inputs.InputError) as error:
        inputs.read_truth_vcf(path, "21")
    assert "mixes contig names" in _one_line(error.value, path)


def test_giab_check_reads_the_bam_through(tiny_benchmark, tmp_path, capsys):
    from examples.variant_calling import giab

    files = _copy(tiny_benchmark, tmp_path)
    data = files.bam.read_bytes()
    files.bam.write_bytes(data[: len(data) // 2] + _EOF)
    os.utime(files.bam.parent / "reads.bam.bai")
    args = ["check", "--reference", str(files.reference), "--bam", str(files.bam)]
    args += ["--vcf", str(files.truth_vcf), "--bed", str(files.confident_bed)]
    assert giab.main(args) == 2
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and str(files.bam) in errors[0] and "corrupt or truncated" in errors[0]
    assert "Traceback" not in captured.err and "[E::" not in captured.err
