"""Source text to a syntax tree: CPython's own parser, bounded, on a deep stack when needed.

Why `ast` and not libcst: the analysis needs positions and structure, not whitespace, and libcst's
native parser is quadratic in operator chains (a 5,000-term sum takes about 90 s, 50,000 never
finish), while `ast.parse` takes 0.6 s for 50,000 terms. CPython bounds bracket nesting (200) and
indentation (100) itself; what it does not bound (operator, attribute and call chains) its tree
builder handles on a deep stack with a raised recursion limit, and the lowering that follows is
iterative, so deep but ordinary code is analysed, not dropped.
"""

from __future__ import annotations

import ast
import sys
import threading
from typing import Any

# Enough for a 200,000-term expression; each level costs the C parser well under 1 KB of stack.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 400_000
# Larger files are not analysed (generated tables, minified data): their size is the reason.
MAX_SOURCE_CHARS = 20_000_000


class AnalysisError(Exception):
    """A file that cannot be analysed: a syntax error, or input beyond the analysis bounds.

    `line`/`column` are 1-based (0 when the error concerns the whole file); `too_complex` marks
    input that is valid but exceeds a bound (reported as "too complex to analyse").
    """

    def __init__(self, line: int, column: int, message: str, *, too_complex: bool = False):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.too_complex = too_complex


def parse(text: str, path: str = "<unknown>") -> ast.Module:
    if len(text) > MAX_SOURCE_CHARS:
        raise AnalysisError(
            0, 0, f"too complex to analyse ({len(text):,} characters)", too_complex=True
        )
    try:
        return _parse(text, path)
    except (RecursionError, MemoryError):
        pass
    outcome: dict[str, Any] = {}

    def deep() -> None:
        previous = sys.getrecursionlimit()
        sys.setrecursionlimit(max(previous, DEEP_RECURSION_LIMIT))
        try:
            outcome["tree"] = _parse(text, path)
        except BaseException as error:  # carried back to the calling thread
            outcome["error"] = error
        finally:
            sys.setrecursionlimit(previous)

    run_on_deep_stack(deep)
    error = outcome.get("error")
    if isinstance(error, (RecursionError, MemoryError)):
        raise AnalysisError(
            0, 0, "too complex to analyse (expression nesting too deep)", too_complex=True
        )
    if error is not None:
        raise error
    return outcome["tree"]


def _parse(text: str, path: str) -> ast.Module:
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as error:
        message = error.msg or "invalid syntax"
        if "too many nested parentheses" in message:
            raise AnalysisError(
                error.lineno or 1,
                error.offset or 1,
                "too complex to analyse (more than 200 nested brackets)",
                too_complex=True,
            ) from None
        raise AnalysisError(error.lineno or 1, error.offset or 1, message) from None
    except ValueError as error:  # null bytes in the source
        raise AnalysisError(1, 1, str(error)) from None


def run_on_deep_stack(function) -> None:
    """Run `function()` on a thread with a large stack (here, if the platform refuses one)."""
    try:
        previous = threading.stack_size(DEEP_STACK_BYTES)
    except (ValueError, RuntimeError):  # pragma: no cover - platforms without the setting
        function()
        return
    try:
        thread = threading.Thread(target=function, name="mlaudit-deep-parse")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
