"""`mlaudit-lint --explain CODE`: a rule's documentation as ruff prints it, short.

The concise form has the rule's docstring sections What it does, Why is this bad?, Example,
Use instead and References (a rule without a References section gets the link to its full page),
and must stay within `MAX_LINES` (a test checks every rule). `--examples` prints the full page
instead: the same text as docs/rules/CODE.md, with every example the test suite checks.
The sections are the rule owners'; this module only lays them out.
"""

from __future__ import annotations

from mlaudit_lint import links

MAX_LINES = 60
CONCISE_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


def concise(rule: type) -> str:
    sections = rule.sections()
    lines = [f"# {rule.CODE} {rule.NAME}", ""]
    summary = sections.get("summary", "").strip()
    if summary:
        lines += [summary, ""]
    for title in CONCISE_SECTIONS:
        body = sections.get(title, "").strip()
        if title == "References":
            more = (
                f"- Every example the test suite checks: `mlaudit-lint --explain {rule.CODE} "
                f"--examples`, or {links.rule_url(rule.CODE)}"
            )
            body = f"{body}\n{more}" if body else more
        if body:
            lines += [f"## {title}", "", body, ""]
    return "\n".join(lines).rstrip() + "\n"


def full(rule: type) -> str:
    return rule.explain()
