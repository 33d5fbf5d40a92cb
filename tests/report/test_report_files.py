"""--mlaudit-report writes report.md and a self-contained report.html beside the JSON, for any
suite; conftests add sections through `pytest_mlaudit_report_sections`; nothing the user had is
overwritten; a missing plots extra costs the figures only, with one line naming it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

# pytester's in-process runs drop modules first imported inside them, and C extensions cannot be
# imported twice in one process: load what the inner runs use before any of them.
import matplotlib.backends.backend_agg
import matplotlib.figure  # noqa: F401
import numpy  # noqa: F401
import pytest
import rich.console  # noqa: F401
import scipy.stats  # noqa: F401

from pytest_mlaudit import options
from pytest_mlaudit.report import sidecars

SUITE = """
import numpy as np
from pytest_mlaudit import Run, cross_precision, seed_sweep


@cross_precision("fp32", "bf16")
@seed_sweep(n=4, reference={"fp32": (1, 10), "bf16": (1, 10)})
def test_precision(seed, precision):
    rng = np.random.default_rng(seed)
    y = (rng.random(200) < 0.3).astype(int)
    shift = 0.01 if str(precision) == "bf16" else 0.0
    return Run(y, np.clip(0.2 + 0.6 * y + rng.normal(0, 0.2, 200) + shift, 0, 1))


@seed_sweep(n=3)
def test_plain(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(100) < 0.5).astype(int)
    return Run(y, np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, 100), 0, 1))
"""


# One small sweep: for the tests about files and hooks rather than figures.
SMALL = """
import numpy as np
from pytest_mlaudit import Run, seed_sweep


@seed_sweep(n=2)
def test_plain(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(100) < 0.5).astype(int)
    return Run(y, np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, 100), 0, 1))
"""


@pytest.fixture
def suite(pytester):
    pytester.makepyfile(test_suite=SUITE)
    return pytester


@pytest.fixture
def small(pytester):
    pytester.makepyfile(test_suite=SMALL)
    return pytester


def run(pytester, *args):
    return pytester.runpytest(
        "-p", "no:cacheprovider", options.FLAG, options.REPORT, "out/report.json", *args
    )


def figure_ids(page: str) -> list[str]:
    return re.findall(r'<figure id="fig-([^"]+)" data-kind', page)


def test_report_json_md_and_html_are_written_for_any_suite(suite):
    result = run(suite)
    result.assert_outcomes(passed=2)
    out = suite.path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    report = json.loads((out / "report.json").read_text())
    markdown = (out / "report.md").read_text()
    page = (out / "report.html").read_text()
    for sweep in report["sweeps"]:
        assert f"## {sweep['nodeid']}" in markdown
        assert sweep["nodeid"] in page
    # the markdown carries the checks with their tests and p-values
    assert "| F1 means by precision | all | one-way ANOVA |" in markdown
    # every figure is embedded (SVG data URIs), nothing is linked
    ids = figure_ids(page)
    assert (
        "test_suite.py_test_precision--strip-f1" in ids
        and "test_suite.py_test_plain--strip-f1" in ids
    )
    assert (
        "test_suite.py_test_precision--reference" in ids
        and "test_suite.py_test_precision--collapses" in ids
    )
    assert page.count('src="data:image/svg+xml;base64,') == len(ids)
    assert not re.search(r'(src|href)="(https?:|//|file:)', page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    result.stdout.fnmatch_lines(
        [
            f"mlaudit: report written to out/report.json, out/report.md, out/report.html "
            f"({len(ids)} figures in * s, *% of the session's * s)"
        ]
    )


def test_conftest_sections_are_stored_in_the_json_and_shown_in_md_and_html(small):
    small.makeconftest(
        """
        def pytest_mlaudit_report_sections(config, report):
            names = [s["test"] for s in report["sweeps"]]
            return [
                {"title": "Paper tables", "markdown": "| sweep | n |\\n|---|---|\\n" + "".join(f"| {n} | 1 |\\n" for n in names)},
                {"title": "Figure", "markdown": "![Table](figure:test_suite.py_test_plain--strip-f1) <script>x</script>"},
            ]
        """
    )
    run(small).assert_outcomes(passed=1)
    report = json.loads((small.path / "out/report.json").read_text())
    titles = [s["title"] for s in report["sections"]]
    assert titles == ["Paper tables", "Figure"]
    assert report["sections"][0]["source"].startswith("conftest.py:")
    markdown = (small.path / "out/report.md").read_text()
    assert "## Paper tables" in markdown and "| test_plain | 1 |" in markdown
    page = (small.path / "out/report.html").read_text()
    section = page[page.index('<section id="section-1"') :]
    assert "<table>" in section and "<td>test_plain</td>" in section
    # an image names a figure of the page: embedded; raw HTML is shown as text, never run
    figure_section = page[page.index('<section id="section-2"') :]
    assert '<img src="data:image/svg+xml;base64,' in figure_section
    assert "<script>" not in page and "&lt;script&gt;" in figure_section


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "raise RuntimeError('no data')",
            "pytest_mlaudit_report_sections raised RuntimeError: no data",
        ),
        (
            "return {'title': '', 'markdown': 'x'}",
            "a report section must have a non-empty string 'title'",
        ),
        ("return 42", "a report section must have a non-empty string 'title'"),
    ],
)
def test_a_broken_section_hook_is_one_line_and_the_report_is_still_written(small, body, message):
    small.makeconftest(f"def pytest_mlaudit_report_sections(config, report):\n    {body}\n")
    result = run(small)
    result.assert_outcomes(passed=1)
    lines = [line for line in result.outlines if message in line]
    assert len(lines) == 1 and lines[0].startswith("mlaudit: conftest.py:")
    assert "Traceback" not in result.stdout.str()
    for name in ("report.json", "report.md", "report.html"):
        assert (small.path / "out" / name).is_file()


@pytest.mark.parametrize("overwrite", [False, True], ids=["kept", "even-with-overwrite"])
@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_a_sidecar_the_user_wrote_is_never_overwritten(small, name, overwrite):
    (small.path / "out").mkdir()
    mine = small.path / "out" / name
    mine.write_text("my own notes\n")
    result = run(small, *([options.REPORT_OVERWRITE] if overwrite else []))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"*out/report.json: out/{name} exists and was not written by mlaudit; refusing to overwrite it*"
        ]
    )
    assert mine.read_text() == "my own notes\n"
    assert not (small.path / "out" / "report.json").exists()  # checked before any sweep ran


def test_sidecars_of_an_earlier_run_are_kept_unless_overwrite_is_given(small):
    run(small).assert_outcomes(passed=1)
    out = small.path / "out"
    first = (out / "report.html").read_text()
    assert sidecars.is_sidecar(out / "report.md") and sidecars.is_sidecar(out / "report.html")
    (out / "report.json").unlink()  # only the sidecars are in the way now
    small.makepyfile(test_suite=SMALL.replace("n=2", "n=3"))
    result = run(small)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"*out/report.md: a file is there already and is kept*{options.REPORT_OVERWRITE}*"]
    )
    assert (out / "report.html").read_text() == first and not (out / "report.json").exists()
    run(small, options.REPORT_OVERWRITE).assert_outcomes(passed=1)
    second = (out / "report.html").read_text()
    assert second != first and "3 runs" in second


def test_without_matplotlib_the_html_has_no_figures_and_one_line_names_the_extra(tmp_path):
    (tmp_path / "test_suite.py").write_text(SUITE)
    (tmp_path / "conftest.py").write_text(
        "import sys\nsys.modules['matplotlib'] = None  # as if the plots extra were not installed\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            options.FLAG,
            options.REPORT,
            "out/r.json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "pytest-mlaudit[plots]" in line]
    assert lines == [
        "mlaudit: figures need matplotlib, which is not installed: pip install 'pytest-mlaudit[plots]'"
    ]
    page = (tmp_path / "out/r.html").read_text()
    assert "<figure" not in page and "pytest-mlaudit[plots]" in page
    assert "test_suite.py::test_precision" in page and (tmp_path / "out/r.md").is_file()


def test_a_report_path_without_json_suffix_gets_sidecars_with_suffixes_added(small):
    small.runpytest(
        "-p", "no:cacheprovider", options.FLAG, options.REPORT, "out/run1"
    ).assert_outcomes(passed=1)
    assert sorted(p.name for p in (small.path / "out").iterdir()) == [
        "run1",
        "run1.html",
        "run1.md",
    ]


def test_paths_of_the_sidecars():
    assert {k: str(v) for k, v in sidecars.paths("out/report.json").items()} == {
        "markdown": "out/report.md",
        "html": "out/report.html",
    }
    assert str(sidecars.paths("a/b.c.json")["html"]) == "a/b.c.html"


def test_markdown_of_a_report_without_sweeps_says_so():
    text = sidecars.markdown_text({"schema": "mlaudit-report/1", "environment": {}, "sweeps": []})
    assert "No sweep ran" in text and text.startswith("<!-- generated by pytest-mlaudit")


def test_markdown_cells_escape_pipes_and_fold_lines():
    from pytest_mlaudit.report.markdown import cell

    assert cell("a|b\nc") == "a\\|b / c"


def test_html_escapes_everything_the_report_holds():
    from pytest_mlaudit.report import html
    from tests.report import sample

    report = sample.report(
        sample.sweep("t.py::test_x[<b>]", [sample.run({"k": "<i>"}, 0, {"f1": 0.5})], [])
    )
    page = html.build(report)
    assert "<b>]" not in page and "&lt;b&gt;" in page and "<i>" not in page
    assert textwrap.dedent(page).startswith("<!doctype html>")


CAPABILITIES = """
import numpy as np
from pytest_mlaudit import Run, seed_sweep, synthetic_real_consistency, variance_sources


def scores(rng, y, signal):
    return np.clip(0.25 + signal * y + rng.normal(0, 0.2, y.size), 0, 1)


@synthetic_real_consistency(losses=("bce", "focal"))
@seed_sweep(n=4)
def test_losses(seed, loss, domain):
    rng = np.random.default_rng(seed)
    y = (rng.random(300) < 0.4).astype(int)
    better = (loss == "focal") == (domain == "synthetic")  # an inversion, on purpose
    return Run(y, scores(rng, y, 0.6 if better else 0.2))


@variance_sources(n=2, split=False, bootstrap=100)
def test_sources(init_seed, data_order_seed):
    rng = np.random.default_rng(100 * init_seed + data_order_seed)
    y = (rng.random(200) < 0.5).astype(int)
    return Run(y, scores(rng, y, 0.3 + 0.1 * init_seed))
"""


def test_the_capabilities_checks_hand_their_numbers_to_the_figures(pytester):
    """The contract between checks and figures, through the plugin: the report carries each
    check's "data", and the page draws the figure that reads it."""
    pytester.makepyfile(test_capabilities=CAPABILITIES)
    run(pytester)
    report = json.loads((pytester.path / "out/report.json").read_text())
    kinds = {c["data"]["kind"] for s in report["sweeps"] for c in s["checks"] if c.get("data")}
    assert kinds == {"loss_ranking", "variance_share"}
    ids = figure_ids((pytester.path / "out/report.html").read_text())
    assert "test_capabilities.py_test_losses--ranking" in ids
    assert "test_capabilities.py_test_sources--variance" in ids
