"""The dataflow engine behind mlaudit's rules: rule-agnostic, flow- and column-sensitive.

Two passes, split so the expensive one is cacheable and parallel:

* `summarize_source` — per file, pure: parses with CPython's `ast` and lowers the tree to the
  plain-data IR of `ir.py` (`ModuleIR`), iteratively, so deep code cannot exhaust the stack;
* `solve` — over a group of files: links imports, evaluates every module and function in
  execution order (`fixpoint.py`, `evaluate.py`), and answers each rule's `policy.Policy`:
  which of its sources reach its sinks, and by which path (`policy.Flow`).

Layout: `parse.py` (text -> ast, bounded), `scopes.py` + `lower.py` + `lower_expr.py`
(ast -> IR), `values.py` (abstract values and trails), `frames.py` (columns of data frames,
subscripts, operators), `ml_api.py` (library models), `link.py` (modules, imports, classes,
call targets), `calls.py` (argument binding, policies' call effects), `evaluate.py` (one function
body in one context), `fixpoint.py` (contexts, cells, worklist, flows), `policy.py` (the API a
rule implements), `prefilter.py` (the textual pre-check built from the selected policies).
"""

from __future__ import annotations

from .fixpoint import solve
from .ir import ModuleIR
from .lower import summarize_source
from .parse import AnalysisError
from .policy import Flow, Policy, PolicyResult
from .prefilter import may_contain_flows

__all__ = [
    "AnalysisError",
    "Flow",
    "ModuleIR",
    "Policy",
    "PolicyResult",
    "may_contain_flows",
    "solve",
    "summarize_source",
]
