"""Tests generated from every rule's VALID and INVALID examples, and the rules' docs pages."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from mlaudit_lint.rule import Invalid, LintRule, Valid
from mlaudit_lint.rules import ALL_RULES, lint_sources

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
REQUIRED_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Known problems",
    "Options",
)


def _selecting(case, rule: type[LintRule]):
    """The case's config with only the rule under test selected."""
    return dataclasses.replace(case.config(), select=(rule.CODE,))


def _cases(kind: str):
    for rule in ALL_RULES:
        for index, case in enumerate(getattr(rule, kind), 1):
            yield pytest.param(rule, case, id=f"{rule.CODE}-{kind.lower()}-{index}")


@pytest.mark.parametrize(("rule", "case"), list(_cases("VALID")))
def test_valid_example_is_silent(rule: type[LintRule], case: Valid) -> None:
    findings = [
        f for f in lint_sources(case.files(), _selecting(case, rule)) if f.code == rule.CODE
    ]
    assert findings == [], (
        f"{case.note}: unexpected {[(f.path, f.line, f.message) for f in findings]}"
    )


@pytest.mark.parametrize(("rule", "case"), list(_cases("INVALID")))
def test_invalid_example_is_reported_once_at_its_line(rule: type[LintRule], case: Invalid) -> None:
    findings = [
        f for f in lint_sources(case.files(), _selecting(case, rule)) if f.code == rule.CODE
    ]
    located = [(f.path, f.line) for f in findings]
    assert located == [(case.expected_file(), case.line)], (
        f"{case.note}: got {[(f.path, f.line, f.message) for f in findings]}"
    )
    for fragment in case.message_contains:
        assert fragment in findings[0].message
    trace = findings[0].trace
    assert trace, "a finding carries the path from the source to the sink"
    # reported where the model input is built (a feature matrix) or consumed: on the path
    assert (case.expected_file(), case.line) in {(step.path, step.line) for step in trace}
    assert trace[-1].line >= 1 and trace[0].line >= 1


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.CODE)
def test_rule_carries_enough_examples_and_metadata(rule: type[LintRule]) -> None:
    assert re.fullmatch(r"MLA\d{3}", rule.CODE)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.NAME)
    assert len(rule.VALID) >= 15
    assert len(rule.INVALID) >= 15
    sections = rule.sections()
    for title in REQUIRED_SECTIONS:
        assert sections.get(title), f"{rule.CODE} docstring lacks a '{title}' section"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.CODE)
def test_message_template_formats_every_field(rule: type[LintRule]) -> None:
    # Fixit shipped messages that printed `{value!r}` literally; format every template once.
    fields = set(re.findall(r"{(\w+)", rule.MESSAGE))
    message = rule.MESSAGE.format(**{name: "x" for name in fields})
    assert "{" not in message and "}" not in message


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.CODE)
def test_docs_page_is_generated_from_the_rule(rule: type[LintRule]) -> None:
    page = DOCS / f"{rule.CODE}.md"
    assert page.is_file(), f"run: python -m mlaudit_lint.rules.docs to write {page}"
    assert page.read_text() == rule.explain(), f"{page} is stale: python -m mlaudit_lint.rules.docs"


def test_explain_renders_sections_and_examples() -> None:
    (rule,) = [r for r in ALL_RULES if r.CODE == "MLA001"]
    text = rule.explain()
    assert text.startswith("# MLA001 label-leak\n")
    for title in REQUIRED_SECTIONS:
        assert f"\n## {title}\n" in text
    assert text.count("### Flagged") == len(rule.INVALID)
    assert text.count("### Silent") == len(rule.VALID)
    assert "truth-sources = ['giab.load_truth_calls']" in text
