"""MLA001 label-leak: `rule.py` (docs, examples, findings), `policy.py` (what the engine is asked),
`inference.py` (what a module uses as its label), `names.py` (naming conventions),
`prefilter.py` (the textual pre-check), `examples.py` (the cases the tests and docs use)."""

from .policy import LabelLeakPolicy
from .rule import LabelLeak

__all__ = ["LabelLeak", "LabelLeakPolicy"]
