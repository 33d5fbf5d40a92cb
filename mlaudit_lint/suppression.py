"""Suppression comments: the forms mlaudit honours, where they apply, and which ones went unused.

The one table of forms (`FORMS`):

| form | example | silences |
| --- | --- | --- |
| `noqa` with codes | `# noqa: MLA001` or `# noqa: E501, MLA001` | the MLA codes listed (other tools' codes are theirs) |
| bare `noqa` | `# noqa` | nothing, unless `bare-noqa = true` in `[tool.mlaudit]`: it was written for flake8/ruff |
| `mlaudit: ignore` with codes | `# mlaudit: ignore[MLA001]` or `# mlaudit: ignore[MLA001, MLA002]` | the codes listed |
| bare `mlaudit: ignore` | `# mlaudit: ignore` | every mlaudit rule |

Where: a finding is silenced by a comment at the end of any line of its **sink** statement (the
reported lines, `line` to `end_line`) or of its **source** line (`trace[0]`, where the label value is
created, possibly in another file), or by a comment alone on the line directly above either. The
source line is where a reviewer decides a derived value is acceptable; the sink is where the
linter points. Comments are read with Python's tokenizer, so `"# noqa"` inside a string is not one.

This is applied once, to every rule's findings, by the engine (`Suppressor`); rules never filter.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from mlaudit_lint.ftypes import Finding

_CODE = r"[A-Za-z]+[0-9]+"
_CODE_LIST = rf"{_CODE}(?:[\s,]+{_CODE})*"

# (form, pattern): `codes` is None for the bare forms.
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("noqa", re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE_LIST}))?(?![\w:-])", re.IGNORECASE)),
    (
        "mlaudit",
        re.compile(rf"#\s*mlaudit:\s*ignore(?:\[\s*(?P<codes>{_CODE_LIST})\s*\])?(?![\w\[])"),
    ),
)
UNUSED_CODE = "unused-suppression"
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Suppression:
    """One suppression comment."""

    line: int
    column: int  # 1-based, of the `#`
    form: str  # "noqa" or "mlaudit"
    codes: tuple[str, ...] | None  # None: a bare form
    own_line: bool  # alone on its line: applies to the next line

    def text(self) -> str:
        if self.form == "noqa":
            return "# noqa" + (f": {', '.join(self.codes)}" if self.codes else "")
        return "# mlaudit: ignore" + (f"[{', '.join(self.codes)}]" if self.codes else "")


def parse_comment(comment: str, line: int, column: int, own_line: bool) -> list[Suppression]:
    """The suppressions one comment holds (`# noqa: E501  # mlaudit: ignore[MLA001]` holds two)."""
    found = []
    for form, pattern in FORMS:
        for match in pattern.finditer(comment):
            codes = match.group("codes")
            parsed = tuple(code.upper() for code in _SPLIT.split(codes.strip())) if codes else None
            found.append(Suppression(line, column + match.start(), form, parsed, own_line))
    return found


def might_hold_suppressions(text: str) -> bool:
    lowered = text.lower()
    return "noqa" in lowered or "mlaudit:" in lowered


def comments_of(text: str) -> list[Suppression]:
    """Every suppression comment of a Python text (for a notebook: its code cells, see notebooks)."""
    if not might_hold_suppressions(text):
        return []
    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                line, column = token.start
                own_line = not token.line[:column].strip()
                found.extend(parse_comment(token.string, line, column + 1, own_line))
    except (tokenize.TokenError, SyntaxError, RecursionError, MemoryError):
        # A file Python cannot tokenize (the parser reports it): read comments line by line.
        found = []
        for number, line_text in enumerate(text.split("\n"), start=1):
            position = line_text.find("#")
            if position != -1:
                own_line = not line_text[:position].strip()
                found.extend(parse_comment(line_text[position:], number, position + 1, own_line))
    return found


class Suppressor:
    """Applies the suppression comments of a set of files to findings, and remembers which worked.

    `text_of(path)` returns the Python text of a reported path (None when it cannot be read);
    `code_prefixes` are the prefixes of mlaudit's codes (`MLA`): other tools' codes in a `noqa`
    are left to them. `bare_noqa` makes a bare `# noqa` silence every mlaudit rule.
    """

    def __init__(
        self,
        text_of: Callable[[str], str | None],
        *,
        code_prefixes: Collection[str],
        bare_noqa: bool = False,
    ):
        self._text_of = text_of
        self._prefixes = tuple(code_prefixes)
        self._bare_noqa = bare_noqa
        self._by_path: dict[str, dict[int, list[Suppression]]] = {}
        self.used: set[tuple[str, Suppression, str]] = set()  # (path, comment, code it silenced)

    def comments(self, path: str) -> dict[int, list[Suppression]]:
        found = self._by_path.get(path)
        if found is None:
            text = self._text_of(path)
            found = {}
            for suppression in comments_of(text) if text else ():
                target = suppression.line + 1 if suppression.own_line else suppression.line
                found.setdefault(target, []).append(suppression)
            self._by_path[path] = found
        return found

    def _silences(self, suppression: Suppression, code: str) -> bool:
        if suppression.codes is None:
            return suppression.form == "mlaudit" or self._bare_noqa
        return code in suppression.codes

    def _match(self, path: str, lines: Iterable[int], code: str) -> list[Suppression]:
        comments = self.comments(path)
        return [
            suppression
            for line in lines
            for suppression in comments.get(line, ())
            if self._silences(suppression, code)
            and (not suppression.own_line or line == min(lines))
        ]

    def silenced(self, finding: Finding) -> bool:
        """Whether a comment silences the finding; records the comments that did."""
        sink_lines = range(finding.line, max(finding.end_line or finding.line, finding.line) + 1)
        places = [(finding.path, sink_lines)]
        if finding.trace:
            source = finding.trace[0]
            places.append((source.path, range(source.line, source.line + 1)))
        hit = False
        for path, lines in places:
            for suppression in self._match(path, lines, finding.code):
                self.used.add((path, suppression, finding.code))
                hit = True
        return hit

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if not self.silenced(finding)]

    def unused(self, paths: Iterable[str], selected: Callable[[str, str], bool]) -> list[Finding]:
        """A finding per suppression in `paths` that silenced nothing.

        Only codes of rules that ran for that file (`selected(path, code)`) are judged, and only
        mlaudit's codes of a `noqa` (`# noqa: E501` belongs to another tool).
        """
        unused = []
        for path in paths:
            for suppressions in self.comments(path).values():
                for suppression in suppressions:
                    unused.extend(self._unused_codes(path, suppression, selected))
        return sorted(unused, key=lambda f: (f.path, f.line, f.column, f.message))

    def _unused_codes(
        self, path: str, suppression: Suppression, selected: Callable[[str, str], bool]
    ) -> list[Finding]:
        used_codes = {code for p, s, code in self.used if p == path and s == suppression}
        if suppression.codes is None:
            if suppression.form == "noqa" and not self._bare_noqa:
                return []
            if used_codes:
                return []
            message = f"unused suppression `{suppression.text()}`: it silences nothing here"
        else:
            ours = [code for code in suppression.codes if code.startswith(self._prefixes)]
            idle = [code for code in ours if code not in used_codes and selected(path, code)]
            if not idle:
                return []
            codes = ", ".join(idle)
            message = (
                f"unused suppression of {codes} in `{suppression.text()}`: "
                "no such finding on this line or the statement below"
                if suppression.own_line
                else f"unused suppression of {codes} in `{suppression.text()}`: no such finding here"
            )
        return [
            Finding(
                code=UNUSED_CODE,
                message=message,
                path=path,
                line=suppression.line,
                column=suppression.column,
                end_line=suppression.line,
            )
        ]
