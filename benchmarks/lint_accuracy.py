"""Recall and precision of MLA001 over the labelled corpora: the main one and the held-out one.

`tests/lint_corpus/` is the corpus the engine was developed on; `tests/lint_corpus_holdout/` was
written blind to the engine and scored once before any fix (its README keeps that first figure),
so the two are reported separately, then together.

Each case is a directory of Python files plus `expected.json`:
`{"expected": [{"file": ..., "line": ..., "code": "MLA001"}], "config": {"labels": [...], "truth_sources": [...]}}`.
A finding counts as a true positive when its file and line match an expected one.

    python benchmarks/lint_accuracy.py [CORPUS_DIR ...] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources

TESTS = Path(__file__).resolve().parent.parent / "tests"
DEFAULT_CORPORA = (TESTS / "lint_corpus", TESTS / "lint_corpus_holdout")


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


@dataclass
class Score:
    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    leaky: int = 0
    flagged_leaky: int = 0
    clean: int = 0
    flagged_clean: int = 0
    seconds: float = 0.0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def lines(self, title: str) -> list[str]:
        return [
            f"{title}: {self.cases} cases ({self.leaky} leaky, {self.clean} clean) in {self.seconds:.1f}s",
            f"  findings: tp={self.tp} fp={self.fp} fn={self.fn}",
            f"  recall (file+line): {self.recall:.3f}",
            f"  precision (file+line): {self.precision:.3f}",
            f"  leaky cases flagged: {self.flagged_leaky}/{self.leaky}; clean cases flagged: {self.flagged_clean}/{self.clean}",
        ]


def score_corpus(corpus: Path, verbose: bool) -> Score:
    cases = sorted(p for p in corpus.iterdir() if (p / "expected.json").is_file())
    score = Score(cases=len(cases))
    start = time.perf_counter()
    for case in cases:
        expected, found = score_case(case)
        hits = expected & found
        score.tp += len(hits)
        score.fp += len(found - expected)
        score.fn += len(expected - found)
        if expected:
            score.leaky += 1
            score.flagged_leaky += bool(found)
        else:
            score.clean += 1
            score.flagged_clean += bool(found)
        if verbose or found != expected:
            status = "ok  " if found == expected else "MISS"
            print(
                f"{status} {corpus.name}/{case.name}: expected {sorted(expected)} found {sorted(found)}"
            )
    score.seconds = time.perf_counter() - start
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpora", nargs="*", type=Path, help="case directories (default: main and held-out)"
    )
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    corpora = args.corpora or list(DEFAULT_CORPORA)
    total = Score()
    report: list[str] = []
    for corpus in corpora:
        if not corpus.is_dir() or not any(
            (p / "expected.json").is_file() for p in corpus.iterdir()
        ):
            print(f"{corpus}: no cases (directories with expected.json)", file=sys.stderr)
            return 2
        score = score_corpus(corpus, args.verbose)
        total.add(score)
        report.extend(score.lines(corpus.name))
    if len(corpora) > 1:
        report.extend(total.lines("total"))
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
