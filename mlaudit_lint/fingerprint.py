"""A finding's fingerprint: the same leak keeps it when code around it moves or changes.

The fingerprint is a digest of:

* the rule code;
* the sink's path and its **normalised statement** (the text of the reported lines, `line` to
  `end_line`, with comments and all whitespace removed);
* the source's path and normalised line (`trace[0]`, where the label value is created).

No line or column number goes in, so inserting code above a leak, moving the function, reformatting
it or adding a comment keeps the fingerprint; editing the leaking statements themselves, renaming
the file or changing the rule code makes it a new finding. Two findings with the same inputs (the
same statement twice in a file) are told apart by their order in the file: `#2`, `#3` is appended.

The baseline (`--write-baseline`, `--baseline`), SARIF's `partialFingerprints` and GitLab's
`fingerprint` all use this value.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tokenize
from collections.abc import Callable, Sequence

from mlaudit_lint.ftypes import Finding

VERSION = 1
SARIF_KEY = f"mlauditFingerprint/v{VERSION}"
_WHITESPACE = re.compile(r"\s+")

LineReader = Callable[[str, int], "str | None"]


def normalise(text: str) -> str:
    """Statement text without comments and whitespace (string contents kept as written)."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        kept = [
            token.string
            for token in tokens
            if token.type
            not in (
                tokenize.COMMENT,
                tokenize.NL,
                tokenize.NEWLINE,
                tokenize.INDENT,
                tokenize.DEDENT,
                tokenize.ENDMARKER,
            )
        ]
        return "".join(kept)
    except (tokenize.TokenError, SyntaxError, RecursionError):
        # Part of a statement (a line of a multi-line call): drop a trailing comment by hand.
        without_comment = re.sub(r"#[^'\"\n]*$", "", text, flags=re.MULTILINE)
        return _WHITESPACE.sub("", without_comment)


def _statement(read_line: LineReader, path: str, first: int, last: int) -> str:
    lines = [read_line(path, number) or "" for number in range(first, max(first, last) + 1)]
    return normalise("\n".join(line.strip() for line in lines))


def digest(finding: Finding, read_line: LineReader) -> str:
    """The fingerprint of one finding, without the occurrence suffix."""
    sink = _statement(read_line, finding.path, finding.line, finding.end_line or finding.line)
    if finding.trace:
        step = finding.trace[0]
        source_path, source = step.path, _statement(read_line, step.path, step.line, step.line)
    else:
        source_path, source = finding.path, sink
    parts = [VERSION, finding.code, finding.path, sink, source_path, source]
    data = json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding], read_line: LineReader) -> list[str]:
    """The fingerprint of each finding, in order; repeated digests get `#2`, `#3` by position."""
    digests = [digest(finding, read_line) for finding in findings]
    order = sorted(range(len(findings)), key=lambda i: (findings[i].path, findings[i].line, i))
    seen: dict[str, int] = {}
    result = list(digests)
    for index in order:
        count = seen.get(digests[index], 0) + 1
        seen[digests[index]] = count
        if count > 1:
            result[index] = f"{digests[index]}#{count}"
    return result
