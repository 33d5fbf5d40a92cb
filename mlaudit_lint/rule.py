"""The rule base class: a rule is a class carrying its code, its message, its docs and its examples.

As in Fixit, the test suite and the docs page are generated from each rule's `VALID` and `INVALID`
cases, so a rule without examples cannot exist and its docs never drift from its behaviour.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from .ftypes import Config, Finding, TraceStep


@dataclass(frozen=True)
class Valid:
    """Code the rule must stay silent on: one source string, or `{filename: source}`."""

    code: str | Mapping[str, str]
    note: str = ""
    labels: tuple[str, ...] = ()
    truth_sources: tuple[str, ...] = ()

    def files(self) -> dict[str, str]:
        return _files(self.code)

    def config(self) -> Config:
        return Config(labels=self.labels, truth_sources=self.truth_sources)


@dataclass(frozen=True)
class Invalid:
    """Code the rule must flag, with the expected finding's line (and file for multi-file cases)."""

    code: str | Mapping[str, str]
    line: int
    file: str | None = None
    note: str = ""
    message_contains: tuple[str, ...] = field(default=())
    labels: tuple[str, ...] = ()
    truth_sources: tuple[str, ...] = ()

    def files(self) -> dict[str, str]:
        return _files(self.code)

    def config(self) -> Config:
        return Config(labels=self.labels, truth_sources=self.truth_sources)

    def expected_file(self) -> str:
        files = self.files()
        if self.file is not None:
            return self.file
        if len(files) != 1:
            raise ValueError("a multi-file Invalid case must name the file of its finding")
        return next(iter(files))


def _files(code) -> dict[str, str]:
    if isinstance(code, str):
        return {"example.py": _dedent(code)}
    return {name: _dedent(text) for name, text in code.items()}


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Known problems",
    "Options",
)


class LintRule:
    """Base class of every mlaudit rule.

    Subclasses set `CODE`, `NAME`, `MESSAGE`, `VALID`, `INVALID` and a docstring with ruff's
    sections (`## What it does`, `## Why is this bad?`, `## Example`, `## Use instead`,
    `## Known problems`, `## Options`), name the dataflow policies they need (`POLICIES`: each
    built once per run, even when several selected rules share it), and implement `check`,
    which turns the policies' results into findings. A purely structural rule leaves
    `POLICIES` empty and reads the IR from any result's `program`.
    """

    CODE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    MESSAGE: ClassVar[str] = ""
    VALID: ClassVar[list[Valid]] = []
    INVALID: ClassVar[list[Invalid]] = []
    POLICIES: ClassVar[tuple[type, ...]] = ()
    # False: the rule runs only when `select` names it (a prefix such as `MLA` counts)
    DEFAULT: ClassVar[bool] = True

    def __init__(self, config: Config):
        self.config = config

    def check(self, results: Mapping) -> Iterator[Finding]:  # pragma: no cover - abstract
        """`results` maps each policy code to its `PolicyResult`."""
        raise NotImplementedError

    def report(
        self,
        *,
        path: str,
        line: int,
        end_line: int,
        message: str,
        column: int = 1,
        end_column: int | None = None,
        trace: tuple[TraceStep, ...] = (),
    ) -> Finding:
        """The one place a rule creates a finding. Suppression comments are applied afterwards,
        to every rule's findings at once (mlaudit_lint.suppression), not here."""
        return Finding(
            code=self.CODE,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            trace=trace,
        )

    @classmethod
    def sections(cls) -> dict[str, str]:
        """The docstring split into its named sections (`## Title` headings)."""
        doc = inspect.cleandoc(cls.__doc__ or "")
        parts = re.split(r"^## +(.+?) *$", doc, flags=re.MULTILINE)
        sections = {"summary": parts[0].strip()}
        for title, body in zip(parts[1::2], parts[2::2]):
            sections[title.strip()] = body.strip()
        return sections

    @classmethod
    def explain(cls) -> str:
        """The rule's Markdown page, as `mlaudit-lint --explain CODE` prints it."""
        sections = cls.sections()
        lines = [f"# {cls.CODE} {cls.NAME}", ""]
        if sections.get("summary"):
            lines += [sections["summary"], ""]
        for title in _SECTIONS:
            if title in sections:
                lines += [f"## {title}", "", sections[title], ""]
        lines += [
            "## Suppression",
            "",
            f"Add `# mlaudit: ignore[{cls.CODE}]` at the end of the reported line, or alone on the line",
            "above it. A bare `# mlaudit: ignore` silences every rule on that line.",
            "",
            f"## Examples the test suite checks ({len(cls.INVALID)} flagged, {len(cls.VALID)} silent)",
            "",
        ]
        for number, case in enumerate(cls.INVALID, 1):
            lines += [f"### Flagged {number}: {case.note or 'label leak'}", ""]
            lines += _render_files(case.files())
            lines += _render_config(case)
            lines += [f"Reported at `{case.expected_file()}:{case.line}`.", ""]
        for number, case in enumerate(cls.VALID, 1):
            lines += [f"### Silent {number}: {case.note or 'no leak'}", ""]
            lines += _render_files(case.files())
        return "\n".join(lines).rstrip() + "\n"


def _render_config(case) -> list[str]:
    options = []
    if case.labels:
        options.append(f"labels = {list(case.labels)!r}")
    if case.truth_sources:
        options.append(f"truth-sources = {list(case.truth_sources)!r}")
    if not options:
        return []
    return ["With `[tool.mlaudit]`:", "", "```toml", *options, "```", ""]


def _render_files(files: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for name, text in files.items():
        if len(files) > 1:
            lines += [f"`{name}`:", ""]
        lines += ["```python", text.rstrip(), "```", ""]
    return lines
