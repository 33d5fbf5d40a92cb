"""How mlaudit-lint behaves on code nobody here wrote: files, flagged files, share, findings per rule.

    python benchmarks/lint_real_code.py PATH... [--rule MLA001]... [--list] [--json OUT]
                                        [--verdicts FILE] [--alone] [--jobs N] [--label NAME]

PATHs are third-party trees checked out outside the project (nothing of theirs is committed here).
The whole set of PATHs is linted as one run, cache off, and the script prints:

- files linted, parse errors, flagged files and their share, findings per rule;
- `--list`: every flagged file with its findings (rule, line, short trace);
- `--json OUT`: the same findings as JSON (path, line, rule, message, trace);
- `--verdicts FILE`: a hand-review ledger (see below): the precision estimate (reviewed flags that
  are real leaks / reviewed flags), the flags not yet reviewed, and ledger rows no flag matches;
- `--alone`: every file is linted again by itself, and the files whose findings differ from the
  run over the whole set are listed (a file's findings should not depend on unrelated files; for a
  multi-file project a difference can be a genuine cross-module flow, so read the list).

The ledger is a tab-separated file with a header row `path  line  rule  verdict  reason`:
`path` is the file's path with its repository folder first (`owner+name/dir/file.py`, matched as a
suffix of the linted file's path), `verdict` is `real` or `false`, `reason` one line of prose. It
records facts about third-party files, never their code. A flag matches a row by path, line and rule;
a flag that moved to another line after an engine change shows up as not reviewed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mlaudit_lint.api import ConfigError, LintStats, lint_paths

VERDICTS = ("real", "false")
LEDGER_FIELDS = ("path", "line", "rule", "verdict", "reason")


@dataclass(frozen=True)
class Flag:
    path: Path  # absolute
    line: int
    rule: str
    message: str
    trace: tuple[tuple[str, int, str], ...]  # (path, line, description)

    def key(self) -> tuple[Path, int, str]:
        return (self.path, self.line, self.rule)

    def short_trace(self) -> str:
        """First and last steps (where the label is created, where the model consumes it)."""
        steps = [f"{desc} ({Path(path).name}:{line})" for path, line, desc in self.trace]
        if len(steps) > 3:
            steps = [steps[0], f"... {len(steps) - 2} steps ...", steps[-1]]
        return " -> ".join(steps) if steps else self.message


@dataclass(frozen=True)
class Verdict:
    path: str
    line: int
    rule: str
    verdict: str
    reason: str

    def matches(self, flag: Flag) -> bool:
        return (
            flag.line == self.line
            and flag.rule == self.rule
            and _is_suffix(Path(self.path).parts, flag.path.parts)
        )


def _is_suffix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) <= len(long) and long[len(long) - len(short) :] == short


def run_lint(
    paths: list[str], overrides: dict, jobs: int | None
) -> tuple[list[Flag], list[str], int]:
    """Lint `paths` in one run with the cache off: (flags, parse errors, files linted)."""
    stats = LintStats()
    flags: list[Flag] = []
    errors: list[str] = []
    for result in lint_paths(paths, overrides, jobs=jobs, cache=False, stats=stats):
        if result.error is not None:
            e = result.error
            errors.append(f"{e.path}:{e.line}: {e.message}")
            continue
        f = result.finding
        assert f is not None
        flags.append(
            Flag(
                path=Path(f.path).resolve(),
                line=f.line,
                rule=f.code,
                message=f.message,
                trace=tuple((str(Path(s.path).resolve()), s.line, s.description) for s in f.trace),
            )
        )
    return flags, errors, stats.files


def _lint_alone(job: tuple[str, dict]) -> tuple[str, list[tuple[int, str]]]:
    path, overrides = job
    flags, _, _ = run_lint([path], overrides, jobs=1)
    return path, sorted((f.line, f.rule) for f in flags)


def python_files(paths: list[str]) -> list[Path]:
    """The files a run over `paths` names (the linter's own discovery decides; this mirrors it
    for the alone runs by taking every file that produced a result or was counted)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_file():
            files.append(p.resolve())
        else:
            files.extend(
                q.resolve()
                for q in sorted(p.rglob("*"))
                if q.suffix in (".py", ".ipynb")
                and q.is_file()
                and not any(part.startswith(".") for part in q.relative_to(p).parts)
            )
    return files


def read_ledger(path: Path) -> list[Verdict]:
    rows: list[Verdict] = []
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if reader.fieldnames is None or tuple(reader.fieldnames[:5]) != LEDGER_FIELDS:
            raise SystemExit(f"{path}:1: header must be {' '.join(LEDGER_FIELDS)} (tab-separated)")
        for number, row in enumerate(reader, start=2):
            if not any(row.values()):
                continue
            verdict = (row["verdict"] or "").strip()
            line = (row["line"] or "").strip()
            if verdict not in VERDICTS or not line.isdigit():
                raise SystemExit(
                    f"{path}:{number}: need a line number and a verdict of {' or '.join(VERDICTS)}"
                )
            rows.append(
                Verdict(
                    row["path"].strip(),
                    int(line),
                    row["rule"].strip(),
                    verdict,
                    (row["reason"] or "").strip(),
                )
            )
    return rows


def display(path: Path, roots: list[Path]) -> str:
    """The path below the deepest PATH argument's parent, e.g. `owner+name/data/x.py`."""
    for root in sorted(roots, key=lambda r: len(r.parts), reverse=True):
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="third-party trees or files to lint")
    parser.add_argument(
        "--rule", action="append", help="only this rule code (e.g. MLA001); repeatable"
    )
    parser.add_argument("--list", action="store_true", help="print every flagged file")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the findings as JSON")
    parser.add_argument("--verdicts", type=Path, metavar="FILE", help="hand-review ledger (TSV)")
    parser.add_argument("--alone", action="store_true", help="also lint each file by itself")
    parser.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--label", action="append", default=[], help="a label name (repeatable)")
    args = parser.parse_args(argv)

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"no such file or directory: {missing[0]}", file=sys.stderr)
        return 2
    ledger = read_ledger(args.verdicts) if args.verdicts else []
    overrides: dict = {}
    if args.rule:
        overrides["select"] = list(args.rule)
    if args.label:
        overrides["labels"] = args.label
    # Paths are shown below the parent of each argument's repository folder (`owner+name/...`).
    roots = [_repository_parent(Path(p).resolve()) for p in args.paths]

    started = time.perf_counter()
    try:
        flags, errors, files = run_lint(args.paths, overrides, args.jobs)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    if args.rule:
        flags = [f for f in flags if f.rule in args.rule]

    by_file: dict[Path, list[Flag]] = {}
    for flag in flags:
        by_file.setdefault(flag.path, []).append(flag)
    share = len(by_file) / files if files else 0.0
    print(f"files: {files} (parse errors: {len(errors)}) in {elapsed:.1f}s, cache off")
    print(f"flagged files: {len(by_file)} ({100 * share:.1f} %)")
    per_rule = Counter(f.rule for f in flags)
    print(
        "findings per rule: "
        + (", ".join(f"{rule} {n}" for rule, n in sorted(per_rule.items())) or "none")
    )
    files_per_rule = Counter(rule for _, rule in {(f.path, f.rule) for f in flags})
    for rule, n in sorted(files_per_rule.items()):
        print(f"  {rule}: {n} files flagged ({100 * n / files if files else 0:.1f} %)")

    if args.list:
        print("\nflagged files:")
        for path in sorted(by_file, key=lambda p: display(p, roots)):
            print(display(path, roots))
            for flag in sorted(by_file[path], key=lambda f: (f.line, f.rule)):
                print(f"  {flag.rule} line {flag.line}: {flag.short_trace()}")
        for error in errors:
            print(f"parse error: {error}")

    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "path": display(f.path, roots),
                        "line": f.line,
                        "rule": f.rule,
                        "message": f.message,
                        "trace": [
                            {"path": display(Path(p), roots), "line": ln, "description": d}
                            for p, ln, d in f.trace
                        ],
                    }
                    for f in sorted(flags, key=lambda f: (display(f.path, roots), f.line))
                ],
                indent=1,
            )
            + "\n"
        )
        print(f"findings written to {args.json}")

    if args.verdicts:
        if args.rule:  # rows of rules this run did not select are neither matched nor stale
            ledger = [v for v in ledger if v.rule in args.rule]
        report_verdicts(flags, ledger, roots)

    if args.alone:
        report_alone(args.paths, overrides, flags, args.jobs, roots)
    return 0


def _repository_parent(path: Path) -> Path:
    """The folder above the repository that holds `path` (the nearest `.git`), else its parent."""
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate.parent
    return path.parent


def report_verdicts(flags: list[Flag], ledger: list[Verdict], roots: list[Path]) -> None:
    reviewed: list[tuple[Flag, Verdict]] = []
    unreviewed: list[Flag] = []
    for flag in flags:
        match = next((v for v in ledger if v.matches(flag)), None)
        if match is None:
            unreviewed.append(flag)
        else:
            reviewed.append((flag, match))
    real = sum(1 for _, v in reviewed if v.verdict == "real")
    print(f"\nreviewed flags: {len(reviewed)} of {len(flags)}; real leaks: {real}")
    if reviewed:
        print(f"precision estimate (real / reviewed): {real / len(reviewed):.3f}")
    for rule in sorted({f.rule for f in flags}):
        of_rule = [v for f, v in reviewed if f.rule == rule]
        n_real = sum(1 for v in of_rule if v.verdict == "real")
        total = sum(1 for f in flags if f.rule == rule)
        print(f"  {rule}: reviewed {len(of_rule)} of {total}, real {n_real}")
    real_files = {f.path for f, v in reviewed if v.verdict == "real"}
    flagged_files = {f.path for f in flags}
    reviewed_files = {f.path for f, _ in reviewed} - {f.path for f in unreviewed}
    if reviewed_files:
        print(
            f"files fully reviewed: {len(reviewed_files)} of {len(flagged_files)}; "
            f"with a real leak: {len(real_files & reviewed_files)}"
        )
    for flag in unreviewed:
        print(f"  not reviewed: {display(flag.path, roots)}:{flag.line} {flag.rule}")
    used = {id(v) for _, v in reviewed}
    stale = [v for v in ledger if id(v) not in used]
    if stale:
        print(f"ledger rows no current flag matches: {len(stale)}")
        real_gone = [v for v in stale if v.verdict == "real"]
        for v in real_gone:
            print(f"  real leak no longer flagged at this line: {v.path}:{v.line} {v.rule}")


def report_alone(
    paths: list[str], overrides: dict, flags: list[Flag], jobs: int | None, roots: list[Path]
) -> None:
    together: dict[Path, list[tuple[int, str]]] = {}
    for flag in flags:
        together.setdefault(flag.path, []).append((flag.line, flag.rule))
    files = python_files(paths)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        alone = dict(pool.map(_lint_alone, [(str(p), overrides) for p in files], chunksize=4))
    elapsed = time.perf_counter() - started
    differ = [p for p in files if sorted(together.get(p, [])) != alone.get(str(p), [])]
    print(f"\nalone vs together: {len(files)} files linted one by one in {elapsed:.1f}s")
    flagged_alone = sum(1 for p in files if alone.get(str(p)))
    print(
        f"flagged files when linted alone: {flagged_alone} "
        f"({100 * flagged_alone / len(files) if files else 0:.1f} %)"
    )
    print(f"files whose findings differ: {len(differ)}")
    for p in sorted(differ, key=lambda p: display(p, roots)):
        print(
            f"  {display(p, roots)}: together {sorted(together.get(p, []))} alone {alone.get(str(p))}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
