"""Leaks as findings: the message and the trace, in execution order.

The trace of a row leak reads: where the rows entered (the statistic, the copy, the fit), the
split they cross, every training call that learns from the result (`trained by ...`), and the
evaluations that see rows they should not (`evaluated by ...`). The message names the first of
each; `--verbose` output shows the whole trace.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...dataflow.values import Step
from ...ftypes import TraceStep
from .keys import Place
from .leaks import Leak

TRAINING_STEP = "trained by"
EVALUATION_STEP = "evaluated by"


def _where(place: Place) -> str:
    return f"{_short(place.path)}:{place.line}"


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def trace(leak: Leak, split_places: dict) -> tuple[TraceStep, ...]:
    steps = [TraceStep(leak.what, leak.place.path, leak.place.line)]
    if leak.split is not None:
        path, line = split_places.get(leak.split, (leak.split.path, leak.split.line))
        if line:
            steps.append(TraceStep(f"split by {split_how(leak.split)}", path, line))
    for training in leak.trainings or leak.cross_validations:
        steps.append(TraceStep(f"{TRAINING_STEP} {training.what}", training.path, training.line))
    for evaluation in leak.evaluations:
        if evaluation not in leak.trainings:
            steps.append(
                TraceStep(f"{EVALUATION_STEP} {evaluation.what}", evaluation.path, evaluation.line)
            )
    return tuple(steps)


_TEST_FILE = re.compile(r"^(?:test_\w*|\w+_test)\.py$")


def pytest_modules(program) -> frozenset[str]:
    """The paths of pytest modules (`test_*.py` or `*_test.py` defining `test_...` functions):
    their scores are asserted properties of code on fixed data, not results shown to a reader."""
    return frozenset(
        module.path
        for module in getattr(program, "modules", {}).values()
        if _TEST_FILE.match(Path(module.path).name)
        and any(function.name.startswith("test_") for function in module.functions)
    )


_MASK_KINDS = frozenset({"eq", "lt", "le", "isin", "other"})


def split_how(split) -> str:
    """How a split cuts, for a message (positional splits name no file paths)."""
    how = split.how
    if how.startswith("positional"):
        return "position ([:n] / [n:])"
    column, _, kind = how.rpartition(" ")
    if split.line == 0 and column and kind in _MASK_KINDS:
        return f"a mask on {column!r}"  # `df[df.day < cutoff]` / `df[df.day >= cutoff]`
    return how


def path_text(steps: tuple[TraceStep, ...]) -> str:
    return " -> ".join(f"{step.description} ({_short(step.path)}:{step.line})" for step in steps)


def split_text(leak: Leak, split_places: dict) -> str:
    if leak.split is None:
        return "the rows it is evaluated on"
    path, line = split_places.get(leak.split, (leak.split.path, leak.split.line))
    where = f" ({_short(path)}:{line})" if line else ""
    return f"rows that {split_how(leak.split)}{where} later holds out for evaluation"


def findings(rule, leaks, split_places: dict, tests: frozenset[str] = frozenset()):
    """One finding per leak, at its place, with its trace and the rule's message; none for a
    leak only the pytest modules `tests` see."""
    for leak in leaks:
        shown = leak.evaluations or leak.trainings or leak.cross_validations
        if shown and all(place.path in tests for place in shown):
            continue  # only a unit test's assertions see it
        steps = trace(leak, split_places)
        # the message names the place once, then what follows it
        text = path_text(steps[1:])
        message = rule.MESSAGE.format(
            learner=leak.what,
            where=_where(leak.place),
            rows=split_text(leak, split_places),
            what=leak.what,
            path=text,
        )
        yield rule.report(
            path=leak.place.path,
            line=leak.place.line,
            end_line=leak.place.line,
            column=max(leak.place.column, 1),
            message=message,
            trace=steps,
        )


__all__ = [
    "EVALUATION_STEP",
    "TRAINING_STEP",
    "Step",
    "findings",
    "path_text",
    "pytest_modules",
    "split_how",
    "split_text",
    "trace",
]
