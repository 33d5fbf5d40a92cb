"""No input aborts a run: every failure costs one file (one line naming it), bounds on time and
memory per file, special files never opened, workers never outlive the run, the analysed tree never
imported, file names that cannot forge output."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mlaudit_lint.api import LintStats, lint_paths
from mlaudit_lint.workers import Limits

LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
CLEAN = "def extract_features(row):\n    return [row.depth, row.quality]\n"
MLAUDIT_LINT = str(Path(sys.executable).with_name("mlaudit-lint"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def tree(files: dict[str, str]) -> None:
    for name, text in files.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(paths=(".",), **options):
    stats = LintStats()
    results = list(lint_paths(list(paths), stats=stats, **options))
    return results, stats


def outcome(results) -> dict[str, str]:
    """path -> "MLA001" for a finding, or the error message."""
    return {r.path: (r.finding.code if r.finding else r.error.message) for r in results}


def cli(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([MLAUDIT_LINT, *args], capture_output=True, timeout=timeout, **kwargs)


# --- special and unreadable files ----------------------------------------------------------------


def test_fifo_device_socket_and_dangling_links_are_skipped_by_type_never_opened():
    tree({"leak.py": LEAKY})
    os.mkfifo("pipe.py")  # opening it would block the run forever
    os.symlink("/dev/zero", "zero.py")  # reading it would never end
    os.symlink("missing.py", "dangling.py")
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.py")
    try:
        done = cli("--no-cache", ".", timeout=60)
    finally:
        server.close()
    out = done.stdout.decode()
    assert done.returncode == 2, out
    lines = out.splitlines()
    for name, kind in [
        ("pipe.py", "a FIFO (named pipe)"),
        ("zero.py", "a character device"),
        ("sock.py", "a socket"),
    ]:
        assert f"{name} error: not a regular file ({kind}); skipped" in lines
    assert "dangling.py error: broken symbolic link" in lines
    assert any(re.match(r"leak\.py:2:\d+ MLA001", line) for line in lines)


def test_a_special_file_named_on_the_command_line_is_never_opened():
    os.mkfifo("pipe.py")
    done = cli("--no-cache", "pipe.py", timeout=60)
    assert done.returncode == 2
    assert done.stdout.decode().splitlines()[0] == (
        "pipe.py error: not a regular file (a FIFO (named pipe)); skipped"
    )


def test_a_file_too_large_to_analyse_is_one_line(monkeypatch):
    import mlaudit_lint.discovery as discovery

    monkeypatch.setattr(discovery, "MAX_SOURCE_BYTES", 1000)
    tree({"big.py": "x = 1\n" * 500, "leak.py": LEAKY})
    results, _ = run(cache=False)
    assert outcome(results) == {
        "big.py": "too large to analyse (2.9 kB; the limit is 1.0 kB)",
        "leak.py": "MLA001",
    }


def test_undecodable_file_names_are_escaped_and_still_analysed(tmp_path, capsys):
    from mlaudit_lint.cli import main

    name = os.fsencode("project/") + b"bad\xff\xfename.py"
    with open(os.path.join(os.fsencode(str(tmp_path)), name), "wb") as handle:
        handle.write(LEAKY.encode())
    done = cli("--no-cache", ".", timeout=60)
    out = done.stdout.decode("utf-8")  # valid UTF-8, or this raises
    assert done.returncode == 1
    assert re.match(r"bad\\xff\\xfename\.py:2:\d+ MLA001", out.splitlines()[0])
    for form in ("json", "sarif", "gitlab", "junit", "github"):
        assert main(["--output-format", form, "."]) == 1, form
        text = capsys.readouterr().out
        text.encode("utf-8")  # no lone surrogate reached any format
        assert "bad\\\\xff\\\\xfename.py" in text or "bad\\xff\\xfename.py" in text, form


def test_a_newline_or_escape_in_a_file_name_cannot_forge_or_colour_output():
    forged = "evil.py\nforged.py:1:1 MLA001 this line is not a finding\x1b[31m.py"
    Path(forged).write_text(LEAKY)
    done = cli("--no-cache", ".", timeout=60)
    lines = done.stdout.decode().splitlines()
    assert done.returncode == 1
    assert not any(line.startswith("forged.py") for line in lines)
    assert "\x1b" not in done.stdout.decode()
    assert lines[0].startswith(
        "evil.py\\nforged.py:1:1 MLA001 this line is not a finding\\x1b[31m.py:2:"
    )
    assert lines[-1] == "Found 1 finding (MLA001: 1) in 1 file; 1 file checked."


def test_colour_codes_only_on_a_terminal():
    import pty

    tree({"leak.py": LEAKY})
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    piped = cli("--no-cache", ".", env={**environment, "FORCE_COLOR": "1", "TERM": "xterm"})
    assert piped.returncode == 1 and b"\x1b" not in piped.stdout
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [MLAUDIT_LINT, "--no-cache", "."],
            stdout=terminal,
            stderr=subprocess.DEVNULL,
            env={**environment, "TERM": "xterm-256color"},
        )
        os.close(terminal)
        received = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done writing
                break
            if not chunk:
                break
            received += chunk
        assert process.wait(timeout=60) == 1
    finally:
        os.close(controller)
    assert b"\x1b[" in received and b"MLA001" in received


# --- failures of one file -------------------------------------------------------------------------


def _patch_summary(monkeypatch, behaviour):
    """Make the analysis of `bad.py` misbehave (the workers are forked: they see the patch)."""
    import mlaudit_lint.dataflow as dataflow

    real = dataflow.summarize_source

    def patched(text, *, path, module_name):
        if path == "bad.py":
            behaviour()
        return real(text, path=path, module_name=module_name)

    monkeypatch.setattr(dataflow, "summarize_source", patched)


def _recurse():
    def descend(level):
        return descend(level + 1)

    descend(0)


def _exhaust_memory():
    raise MemoryError


def _spin():
    while True:
        pass


def _hoard():
    hoard = []
    while True:
        hoard.append(bytearray(16 * 2**20))
        time.sleep(0.01)


def _crash():
    os._exit(3)


def _segfault():
    import ctypes
    import faulthandler

    faulthandler.disable()  # pytest's handler would print a "Fatal Python error" to the log
    ctypes.string_at(0)  # a real crash in native code, in the thread doing the work


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        (_recurse, "too complex to analyse (nested too deeply)"),
        (_exhaust_memory, "too complex to analyse (ran out of memory)"),
        (_spin, "too complex to analyse (took more than 1 s of CPU time)"),
        (_hoard, "too complex to analyse (needed more than 200 MB of memory)"),
        (_crash, "internal error: the worker analysing this file died (exit status 3)"),
        (_segfault, "internal error: the worker analysing this file died (killed by SIGSEGV)"),
    ],
    ids=["recursion", "memory-error", "cpu-time", "memory-bound", "exit", "segfault"],
)
def test_any_failure_of_one_file_is_one_error_and_the_rest_is_reported(
    monkeypatch, behaviour, message
):
    _patch_summary(monkeypatch, behaviour)
    files = {"bad.py": LEAKY, "leak.py": LEAKY}
    files.update({f"clean{i}.py": CLEAN for i in range(4)})
    tree(files)
    started = time.monotonic()
    # Only the CPU-time case runs into the 1 s limit on purpose; the others get room, since deep
    # recursion on the worker's large stack can itself take a second of CPU on a busy machine.
    seconds = 1 if behaviour is _spin else 20
    results, stats = run(cache=False, jobs=2, limits=Limits(seconds=seconds, memory_mb=200))
    assert outcome(results) == {"bad.py": message, "leak.py": "MLA001"}
    assert stats.files == 6 and stats.errors == 1
    assert time.monotonic() - started < 60


def _collect_and_linger():
    import gc

    gc.collect()  # a full collection in the worker scans every object it can reach
    time.sleep(0.5)  # several of the parent's memory polls see the result


def test_a_large_parent_heap_is_not_counted_as_the_files_memory(monkeypatch):
    # Linting from a large process (a test session, a notebook): the forked worker must not pay
    # for the parent's objects when it collects garbage, or an ordinary file reads as too big.
    parent_heap = [[i] for i in range(2_000_000)]  # about 150 MB of objects the collector tracks
    _patch_summary(monkeypatch, _collect_and_linger)
    tree({"bad.py": LEAKY, "leak.py": LEAKY})
    results, _ = run(cache=False, jobs=2, limits=Limits(seconds=20, memory_mb=100))
    assert outcome(results) == {"bad.py": "MLA001", "leak.py": "MLA001"}
    assert len(parent_heap) == 2_000_000


def test_deep_but_ordinary_code_is_analysed_not_dropped():
    terms = " + ".join(["label"] + ["1"] * 1000)
    tree(
        {
            "deep.py": f"def extract_features(row, label):\n    x = {terms}\n    return [row.depth, x]\n"
        }
    )
    results, _ = run(cache=False)
    assert outcome(results) == {"deep.py": "MLA001"}


def test_a_file_the_link_cannot_handle_is_named_and_the_others_are_linked(monkeypatch):
    import mlaudit_lint.rules as rules

    real = rules.run_rules

    def stuck_on_bad(facts, config, *family):
        if "bad.py" in facts:
            while True:
                pass
        return real(facts, config, *family)

    monkeypatch.setattr(rules, "run_rules", stuck_on_bad)
    tree({"bad.py": LEAKY, "leak.py": LEAKY, "clean.py": CLEAN})
    results, _ = run(cache=False, limits=Limits(seconds=0.2))
    assert outcome(results) == {
        "bad.py": "too complex to analyse for MLA001 (took more than 0.2 s of CPU time, while linking)",
        "leak.py": "MLA001",
    }


ROW_LEAK = textwrap.dedent(
    """
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from sklearn.linear_model import LogisticRegression
    from helper import clean

    df = clean(pd.read_csv("data.csv"))
    X = StandardScaler().fit_transform(df.drop(columns="y"))
    X_train, X_test, y_train, y_test = train_test_split(X, df.y)
    model = LogisticRegression().fit(X_train, y_train)
    print(model.score(X_test, y_test))
    """
)
HELPER = "def clean(frame):\n    return frame.dropna()\n"


def test_each_rule_family_is_linked_over_its_own_candidates(monkeypatch):
    """MLA002-MLA004 see only the files their pre-check keeps and what those import, not the
    program MLA001's candidates import (the cost of the row policies grows with the program)."""
    import mlaudit_lint.rules as rules

    real, log = rules.run_rules, Path("linked.log").absolute()

    def recording(facts, config, family=None):
        codes = ",".join(rule.CODE for rule in family or ())
        with log.open("a") as out:  # the link runs in a child process
            out.writelines(f"{codes} {name}\n" for name in facts)
        return real(facts, config, family)

    monkeypatch.setattr(rules, "run_rules", recording)
    tree({"leak.py": LEAKY, "rows.py": ROW_LEAK, "helper.py": HELPER})
    results, _ = run(cache=False, jobs=1)
    seen: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        codes, name = line.split()
        seen.setdefault(codes, set()).add(name)
    assert seen["MLA002,MLA003,MLA004"] == {"rows.py", "helper.py"}  # leak.py trains nothing
    assert "leak.py" in seen["MLA001"]
    assert outcome(results) == {"leak.py": "MLA001", "rows.py": "MLA002"}


def test_a_rule_family_over_its_budget_costs_only_its_own_findings(monkeypatch):
    import mlaudit_lint.rules as rules

    real = rules.run_rules

    def rows_stuck(facts, config, family=None):
        if family and family[0].CODE != "MLA001":
            while True:
                pass
        return real(facts, config, family)

    monkeypatch.setattr(rules, "run_rules", rows_stuck)
    tree({"leak.py": LEAKY, "rows.py": ROW_LEAK, "helper.py": HELPER})
    results, _ = run(cache=False, jobs=1, limits=Limits(seconds=0.2))
    found = outcome(results)
    assert found.pop("leak.py") == "MLA001"  # MLA001's finding survives
    assert found == {
        name: "too complex to analyse for MLA002, MLA003, MLA004 "
        "(took more than 0.2 s of CPU time, while linking)"
        for name in ("rows.py", "helper.py")
    }


def test_projects_too_heavy_together_are_linked_one_by_one(monkeypatch):
    import mlaudit_lint.rules as rules

    real = rules.run_rules

    def stuck_on_many(facts, config, *family):
        if len({path.split("/")[0] for path in facts}) > 1:
            while True:  # two projects at once exceed the bound; each alone does not
                pass
        return real(facts, config, *family)

    monkeypatch.setattr(rules, "run_rules", stuck_on_many)
    tree({"one/leak.py": LEAKY, "one/clean.py": CLEAN, "two/leak.py": LEAKY})
    results, _ = run(["one", "two"], cache=False, limits=Limits(seconds=0.2))
    assert outcome(results) == {"one/leak.py": "MLA001", "two/leak.py": "MLA001"}


def test_a_project_the_link_cannot_handle_is_named_by_its_folder(monkeypatch):
    import mlaudit_lint.rules as rules

    real = rules.run_rules

    def stuck_on_pairs(facts, config, *family):
        if len(facts) > 1:
            while True:  # every file alone is fine, any two together are not
                pass
        return real(facts, config, *family)

    monkeypatch.setattr(rules, "run_rules", stuck_on_pairs)
    tree({"proj/sub/leak.py": LEAKY, "proj/sub/clean.py": CLEAN})
    results, _ = run(["proj"], cache=False, limits=Limits(seconds=0.2))
    assert outcome(results) == {
        "proj/sub/leak.py": "MLA001",
        "proj/sub": "too complex to analyse for MLA001 "
        "(took more than 2 s of CPU time, linking 2 files: proj/sub/clean.py, proj/sub/leak.py)",
    }


def test_an_unusable_pyproject_is_one_line_and_the_leak_beside_it_is_reported():
    for content in (b'[tool.mlaudit]\nlabels = ["\xff"]\n', b"a = " + b"[" * 5000 + b"]" * 5000):
        Path("pyproject.toml").write_bytes(content)
        tree({"leak.py": LEAKY})
        done = cli("--no-cache", ".")
        lines = done.stdout.decode().splitlines()
        assert done.returncode == 2 and "Traceback" not in done.stderr.decode()
        (error,) = [line for line in lines if line.startswith("pyproject.toml")]
        assert "not UTF-8" in error or "nested too deeply to read" in error
        assert any(re.match(r"leak\.py:2:\d+ MLA001", line) for line in lines)


# --- processes ------------------------------------------------------------------------------------


def test_jobs_are_capped_at_the_number_of_cpus(monkeypatch):
    import mlaudit_lint.engine as engine

    created = []
    real = engine.Workers

    def recording(jobs, **options):
        created.append(jobs)
        return real(jobs, **options)

    monkeypatch.setattr(engine, "Workers", recording)
    tree({"leak.py": LEAKY})
    run(cache=False, jobs=99999)
    assert created == [engine.default_jobs()]
    done = cli("--no-cache", "--jobs", "99999", ".")
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"mlaudit-lint: --jobs 99999 capped at {engine.default_jobs()}, "
        "the number of CPUs this process may use\n"
    )


# A run whose analysis never ends, started as users start it, to be signalled.
STUCK = textwrap.dedent(
    """
    import signal, sys, time
    # as in a terminal (a test runner's worker may have inherited SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import mlaudit_lint.dataflow as dataflow
    def stuck(*args, **kwargs):
        while True:
            time.sleep(0.05)
    dataflow.summarize_source = stuck
    from mlaudit_lint.cli import main
    sys.exit(main(["--no-cache", "--jobs", "2", "--file-timeout", "600", "."]))
    """
)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL", "Ctrl-C"])
def test_workers_die_with_their_parent(how):
    tree({f"m{i}.py": LEAKY for i in range(4)})
    parent = subprocess.Popen(
        [sys.executable, "-c", STUCK],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(parent.pid)
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers did not start"
        if how == "Ctrl-C":
            os.killpg(parent.pid, signal.SIGINT)  # what the terminal sends the foreground group
        else:
            parent.send_signal(getattr(signal, how))
        status = parent.wait(timeout=30)
        expected = {"SIGTERM": 128 + signal.SIGTERM, "SIGKILL": -signal.SIGKILL, "Ctrl-C": 130}
        assert status == expected[how]
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
        assert b"Traceback" not in parent.stderr.read()
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)


def test_python_m_inside_the_analysed_tree_imports_nothing_from_it(tmp_path):
    marker = tmp_path / "IMPORTED"
    planted = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    for module in ("json", "tokenize", "ast", "hashlib", "rich", "libcst", "multiprocessing"):
        Path(f"{module}.py").write_text(planted)
    tree({"leak.py": LEAKY})
    for form in ("text", "json", "sarif"):
        done = subprocess.run(
            [sys.executable, "-m", "mlaudit_lint", "--no-cache", "--output-format", form, "."],
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
    assert not marker.exists(), marker.read_text()
    # The same tree on sys.path would import them: the planted files do run when imported.
    subprocess.run([sys.executable, "-c", "import json"], check=True, cwd=Path.cwd())
    assert marker.exists()


# --- notebooks ------------------------------------------------------------------------------------


def _notebook(cells: int) -> str:
    body = [
        {"cell_type": "code", "source": [f"a{i} = {i}\n", f"b{i} = a{i} + 1\n"], "outputs": []}
        for i in range(cells)
    ]
    return json.dumps({"cells": body, "nbformat": 4, "metadata": {}}, indent=1)


def test_notebooks_are_read_in_linear_time():
    from mlaudit_lint import notebooks

    def seconds(cells: int) -> float:
        raw = _notebook(cells)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            source = notebooks.to_python(raw)
            best = min(best, time.perf_counter() - started)
        assert len(source.origins) == 2 * cells
        return best

    small, large = seconds(2_000), seconds(20_000)
    # Linear: about 10 times the time for 10 times the cells; the quadratic reader took ~100.
    assert large / small < 30, (small, large)


def test_a_20001_cell_notebook_is_linted(tmp_path):
    Path("big.ipynb").write_text(_notebook(20_001))
    tree({"leak.py": LEAKY})
    started = time.monotonic()
    results, _ = run(cache=False)
    assert outcome(results) == {"leak.py": "MLA001"}
    assert time.monotonic() - started < 120


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "nul.py",
            b"label = [1]\x00\n",
            "syntax error: source code string cannot contain null bytes",
        ),
        (
            "latin.py",
            b"label = '\xff'\n",
            "cannot decode file: invalid or missing encoding declaration",
        ),
        (
            "cookie.py",
            b"# -*- coding: klingon -*-\nx = 1\n",
            "cannot decode file: unknown encoding: klingon",
        ),
        (
            "deep.ipynb",
            b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "invalid notebook: JSON nested too deeply to read",
        ),
        ("list.ipynb", b"[1, 2]", "invalid notebook: no 'cells' list (nbformat 4 is required)"),
        (
            "cells.ipynb",
            b'{"cells": [{"cell_type": "code", "source": [1]}]}',
            "invalid notebook: cell 1 has no text 'source'",
        ),
        ("long.py", b"label = [" + b"1," * 200_000 + b"]\n", None),
        ("cr.py", b"x = 1\ry = 2\r", None),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_hostile_contents_cost_one_line_at_most(name, content, message):
    Path(name).write_bytes(content)
    tree({"leak.py": LEAKY})
    results, _ = run(cache=False)
    expected = {"leak.py": "MLA001"}
    if message is not None:
        expected[name] = message
    assert outcome(results) == expected


def test_a_directory_that_cannot_be_listed_is_reported(monkeypatch):
    import mlaudit_lint.discovery as discovery

    tree({"leak.py": LEAKY, "locked/inner.py": LEAKY})
    real = os.walk

    def walk(top, onerror=None, **options):
        for directory, subdirectories, files in real(top, onerror=onerror, **options):
            if directory.endswith("locked"):  # what os.walk does with EACCES (root reads all)
                onerror(PermissionError(13, "Permission denied", directory))
                continue
            yield directory, subdirectories, files

    monkeypatch.setattr(discovery.os, "walk", walk)
    results, _ = run(cache=False)
    assert outcome(results) == {
        "leak.py": "MLA001",
        "locked": "cannot read directory: Permission denied",
    }
