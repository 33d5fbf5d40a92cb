"""Every rule, and the cross-module pass that runs them over a set of `ModuleFacts`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import libcst

from ..dataflow import ModuleFacts, solve_flows, summarize_module
from ..ftypes import Config, Finding
from ..rule import LintRule
from .label_leak import LabelLeak

ALL_RULES: tuple[type[LintRule], ...] = (LabelLeak,)


def _selected(code: str, config: Config) -> bool:
    if config.select and not any(code.startswith(prefix) for prefix in config.select):
        return False
    return not any(code.startswith(prefix) for prefix in config.ignore)


def run_rules(facts: Mapping[str, ModuleFacts], config: Config) -> Iterator[Finding]:
    """Link the modules, solve the dataflow once, and yield every selected rule's findings."""
    rules = [rule(config, facts) for rule in ALL_RULES if _selected(rule.CODE, config)]
    if not rules:
        return
    flows = solve_flows(facts, config)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(flows))
    yield from sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def module_name_for(filename: str) -> str:
    """`pkg/features.py` -> `pkg.features`; `pkg/__init__.py` -> `pkg`."""
    name = filename.replace("\\", "/")
    if name.endswith(".py"):
        name = name[:-3]
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def lint_sources(files: Mapping[str, str], config: Config = Config()) -> list[Finding]:
    """Parse, summarize and lint in-process: `{relative path: source}` -> findings.

    For tests, the corpus benchmark and embedding; a file that does not parse raises
    `SyntaxError` naming the file and line.
    """
    facts: dict[str, ModuleFacts] = {}
    for path, text in files.items():
        try:
            module = libcst.parse_module(text)
        except libcst.ParserSyntaxError as error:
            raise SyntaxError(f"{path}:{error.raw_line}: {error.message}") from None
        name = module_name_for(path)
        facts[path] = summarize_module(module, path=path, module_name=name, config=config)
    from ..suppression import Suppressor

    prefixes = {rule.CODE.rstrip("0123456789") for rule in ALL_RULES}
    suppressor = Suppressor(files.get, code_prefixes=prefixes, bare_noqa=config.bare_noqa)
    return suppressor.keep(run_rules(facts, config))


__all__ = ["ALL_RULES", "LabelLeak", "lint_sources", "module_name_for", "run_rules"]
