"""``MLAUDIT_GIAB_DIR`` switches the findings to the user's files: small files with GIAB's names.

The generated tiny benchmark is laid out as ``giab fetch`` lays out the real one (GIAB's file
names, and the stratifications in GIAB's v3.1 layout and naming), then the same code the main
job runs is pointed at it through the environment variable. The download code itself
(``giab fetch``) is never run by a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from examples.variant_calling import giab, jobs, strata

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def giab_dir(tiny_benchmark, tmp_path_factory):
    directory = tmp_path_factory.mktemp("giab-hg001-chr21")
    names = giab.GIAB_FILE_NAMES
    pairs = [
        (tiny_benchmark.reference, names["reference"], [".fai"]),
        (tiny_benchmark.bam, names["bam"], [".bai"]),
        (tiny_benchmark.truth_vcf, names["truth_vcf"], [".tbi"]),
        (tiny_benchmark.confident_bed, names["confident_bed"], []),
    ]
    for source, name, index_suffixes in pairs:  # data first, then its index (index newer)
        shutil.copy(source, directory / name)
        for suffix in index_suffixes:
            shutil.copy(f"{source}{suffix}", directory / f"{name}{suffix}")
    # GIAB v3.1 names the homopolymer stratum 'gt6bp...'; the manifest is v3.1-GRCh37-...
    target = directory / giab.STRATIFICATIONS_FOLDER
    shutil.copytree(tiny_benchmark.stratifications.parent, target)
    old = "GRCh37_AllHomopolymers_ge7bp_imperfectge11bp_slop5"
    new = "GRCh37_AllHomopolymers_gt6bp_imperfectgt10bp_slop5"
    (target / "LowComplexity" / f"{old}.bed.gz").rename(target / "LowComplexity" / f"{new}.bed.gz")
    manifest = (target / strata.MANIFEST).read_text().replace(old, new)
    (target / strata.MANIFEST).unlink()
    (target / giab.STRATIFICATIONS_MANIFEST).write_text(manifest)
    return directory


def test_giab_check_accepts_the_laid_out_files(giab_dir, capsys):
    assert giab.main(["check", str(giab_dir)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_environment_variable_switches_the_germline_data(giab_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("MLAUDIT_GIAB_DIR", str(giab_dir))
    monkeypatch.setenv("MLAUDIT_CACHE", str(tmp_path / "cache"))
    spec = jobs.DataSpec.for_sample("germline", "caller")
    assert spec.giab_dir == str(giab_dir)
    assert jobs.DataSpec.for_sample("mosaic").giab_dir is None  # no real mosaic sample
    data = jobs.load(spec)
    assert "GIAB" in data.description and data.n_kept > 0
    expected = giab.real_dataset(giab_dir, candidates="caller")
    assert (data.y_test == expected.y_test).all() and data.n_kept == expected.n_kept
    # GIAB's own stratification BEDs, found through the v3.1 manifest and names
    files = giab.giab_files(giab_dir)
    assert files.stratifications.name == giab.STRATIFICATIONS_MANIFEST
    assert {"homopolymer >=7 bp", "segmental duplication"} <= set(data.test_sites.strata)


def test_main_job_runs_the_same_tests_on_the_giab_files(giab_dir, tmp_path):
    report = tmp_path / "report.json"
    env = {
        **os.environ,
        "MLAUDIT_GIAB_DIR": str(giab_dir),
        "MLAUDIT_CACHE": str(tmp_path / "cache"),
        "MLAUDIT_COMPILE": "0",  # a 3-seed run: compiling would cost more than it saves
        "MLAUDIT_TRAIN_WORKERS": "0",
    }
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "--mlaudit", "-p", "no:cacheprovider", "-q",
            "examples/variant_calling/test_f4_reproduction.py", "-k", "caller",
            "--mlaudit-seeds", "3", "--mlaudit-report", str(report),
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert report.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    sweeps = json.loads(report.read_text())["sweeps"]
    assert {s["nodeid"].split("::")[-1] for s in sweeps} == {
        "test_precision_changes_nothing[caller]",
        "test_paper_initial_counts_do_not_reproduce[caller]",
    }
    assert all(r["error"] is None for s in sweeps for r in s["runs"]), done.stdout[-3000:]
    assert all(len(s["runs"]) == 9 for s in sweeps)  # 3 seeds x 3 precisions
    markdown = report.with_suffix(".md").read_text()
    assert f"GIAB HG001 chr21 files in {giab_dir}" in markdown  # the data, named in the report
    vcfs = sorted((tmp_path / "report-vcf" / "f4-caller").glob("*.vcf.gz"))
    assert len(vcfs) == 9 and (tmp_path / "report-vcf" / "f4-caller" / "test-sites.bed").is_file()
