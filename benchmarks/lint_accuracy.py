"""Recall and precision of MLA001 over the labelled corpus in tests/lint_corpus/.

Each case is a directory of Python files plus `expected.json`:
`{"expected": [{"file": ..., "line": ..., "code": "MLA001"}], "config": {"labels": [...], "truth_sources": [...]}}`.
A finding counts as a true positive when its file and line match an expected one.

    python benchmarks/lint_accuracy.py [CORPUS_DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "lint_corpus"


def load_case(case_dir: Path) -> tuple[dict[str, str], set[tuple[str, int]], Config]:
    meta = json.loads((case_dir / "expected.json").read_text())
    files = {
        path.relative_to(case_dir).as_posix(): path.read_text()
        for path in sorted(case_dir.rglob("*.py"))
    }
    expected = {(item["file"], int(item["line"])) for item in meta["expected"]}
    options = meta.get("config", {})
    config = Config(
        labels=tuple(options.get("labels", ())),
        truth_sources=tuple(options.get("truth_sources", ())),
    )
    return files, expected, config


def score_case(case_dir: Path) -> tuple[set, set]:
    files, expected, config = load_case(case_dir)
    found = {(f.path, f.line) for f in lint_sources(files, config) if f.code == "MLA001"}
    return expected, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    cases = sorted(p for p in args.corpus.iterdir() if (p / "expected.json").is_file())
    if not cases:
        print(f"{args.corpus}: no cases (directories with expected.json)", file=sys.stderr)
        return 2
    tp = fp = fn = 0
    leaky_cases = flagged_leaky = clean_cases = flagged_clean = 0
    start = time.perf_counter()
    for case in cases:
        expected, found = score_case(case)
        hits = expected & found
        tp += len(hits)
        fp += len(found - expected)
        fn += len(expected - found)
        if expected:
            leaky_cases += 1
            flagged_leaky += bool(found)
        else:
            clean_cases += 1
            flagged_clean += bool(found)
        if args.verbose or found != expected:
            status = "ok  " if found == expected else "MISS"
            print(f"{status} {case.name}: expected {sorted(expected)} found {sorted(found)}")
    elapsed = time.perf_counter() - start
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    print(f"cases: {len(cases)} ({leaky_cases} leaky, {clean_cases} clean) in {elapsed:.1f}s")
    print(f"findings: tp={tp} fp={fp} fn={fn}")
    print(f"recall (file+line): {recall:.3f}")
    print(f"precision (file+line): {precision:.3f}")
    print(f"leaky cases flagged: {flagged_leaky}/{leaky_cases}; clean cases flagged: {flagged_clean}/{clean_cases}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
