"""The taint analysis behind mlaudit's rules (LibCST has no dataflow provider, so it lives here).

Two passes, split so the expensive one is cacheable and parallel:

* `summarize_module` — per file, pure: lowers the libcst tree to a small picklable IR
  (`ModuleFacts`) with one visitor walk and no metadata providers;
* `solve_flows` — over all files at once, cheap: links imports, runs the inter-procedural
  fixpoint and returns each place where a label-derived value reaches a model input.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst

from ..ftypes import Config
from .facts import ClassIR, FunctionIR, ModuleFacts
from .lower import lower_module
from .prefilter import may_contain_flows
from .solve import SinkHit, Solver, display_path

__all__ = [
    "ClassIR",
    "FunctionIR",
    "ModuleFacts",
    "SinkHit",
    "display_path",
    "may_contain_flows",
    "solve_flows",
    "summarize_module",
]


def summarize_module(
    module: libcst.Module, *, path: str, module_name: str, config: Config
) -> ModuleFacts:
    """Per-file facts for the cross-module pass; deterministic and picklable.

    `config` is accepted for the engine's cache key discipline; the lowering itself does not
    depend on it (labels and truth sources are applied when the modules are linked), so cached
    facts stay valid when only `labels` change.
    """
    del config
    return lower_module(module, path=path, module_name=module_name)


def solve_flows(facts: Mapping[str, ModuleFacts], config: Config) -> list[SinkHit]:
    return Solver(facts, config).run()
