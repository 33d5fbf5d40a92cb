"""Every rule, and the cross-module pass that runs them over a group of `ModuleIR`s."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..dataflow import ModuleIR, Policy, solve, summarize_source
from ..dataflow import may_contain_flows as _any_policy_may_match
from ..dataflow.parse import AnalysisError
from ..ftypes import Config, Finding
from ..rule import LintRule
from .label_leak import LabelLeak
from .multi_test.rule import MultiTest
from .overlap.rule import OverlapLeak
from .preprocessing.rule import PreprocessingLeak

ALL_RULES: tuple[type[LintRule], ...] = (LabelLeak, PreprocessingLeak, OverlapLeak, MultiTest)


def _selected(code: str, config: Config, default: bool = True) -> bool:
    if config.select and not any(code.startswith(prefix) for prefix in config.select):
        return False
    if not config.select and not default:
        return False
    return not any(code.startswith(prefix) for prefix in config.ignore)


def selected_rules(config: Config) -> list[type[LintRule]]:
    return [rule for rule in ALL_RULES if _selected(rule.CODE, config, rule.DEFAULT)]


def policies_for(rules: Iterable[type[LintRule]], config: Config) -> list[Policy]:
    """One instance of every policy the rules need (shared policies built once)."""
    out: dict[type, Policy] = {}
    for rule in rules:
        for policy in rule.POLICIES:
            if policy not in out:
                out[policy] = policy(config)
    return list(out.values())


def may_contain_flows(text: str, config: Config) -> bool:
    """The textual pre-check of the rules `config` selects (see `dataflow.prefilter`)."""
    return _any_policy_may_match(text, policies_for(selected_rules(config), config))


def rule_families(config: Config) -> list[tuple[type[LintRule], ...]]:
    """The selected rules grouped by the policies they share (MLA001 alone; MLA002-MLA004
    share the row policy), in `ALL_RULES` order.

    A family is linked on its own: only over the files its own pre-check keeps (and what they
    import), and under its own budget, so the row policies never evaluate the large program
    MLA001's candidates may import, and a family that runs out of budget costs only its rules'
    findings (engine.py)."""
    families: list[list[type[LintRule]]] = []
    for rule in selected_rules(config):
        joined = [f for f in families if any(set(r.POLICIES) & set(rule.POLICIES) for r in f)]
        merged = [r for f in joined for r in f] + [rule]
        families = [f for f in families if f not in joined] + [merged]
    order = {rule: index for index, rule in enumerate(ALL_RULES)}
    return sorted(
        (tuple(sorted(f, key=order.__getitem__)) for f in families), key=lambda f: order[f[0]]
    )


def family_may_match(text: str, family: Iterable[type[LintRule]], config: Config) -> bool:
    """The textual pre-check of one family's policies."""
    return _any_policy_may_match(text, policies_for(family, config))


def run_rules(
    modules: Mapping[str, ModuleIR],
    config: Config,
    only: Iterable[type[LintRule]] | None = None,
) -> Iterator[Finding]:
    """Link the modules, solve every selected rule's policy at once, yield the findings.

    `only`: run these of the selected rules (one family of `rule_families`)."""
    chosen = selected_rules(config)
    if only is not None:
        wanted = set(only)
        chosen = [rule for rule in chosen if rule in wanted]
    rules = [rule(config) for rule in chosen]
    if not rules:
        return
    policies = policies_for((type(rule) for rule in rules), config)
    results = solve(modules.values(), policies)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(results))
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
    `SyntaxError` naming the file and line. Suppression comments are honoured.
    """
    modules: dict[str, ModuleIR] = {}
    for path, text in files.items():
        try:
            modules[path] = summarize_source(text, path=path, module_name=module_name_for(path))
        except AnalysisError as error:
            raise SyntaxError(f"{path}:{error.line}: {error.message}") from None
    from ..suppression import Suppressor

    prefixes = {rule.CODE.rstrip("0123456789") for rule in ALL_RULES}
    suppressor = Suppressor(files.get, code_prefixes=prefixes, bare_noqa=config.bare_noqa)
    return suppressor.keep(run_rules(modules, config))


__all__ = [
    "ALL_RULES",
    "LabelLeak",
    "family_may_match",
    "lint_sources",
    "may_contain_flows",
    "module_name_for",
    "policies_for",
    "rule_families",
    "run_rules",
    "selected_rules",
]
