"""The interfaces the lower layers of the engine use from the upper ones, as typing Protocols.

`frames`, `ml_api`, `calls` and `link` are called by the evaluator and call back into it (a
column read asks the policies, a callback is evaluated in a context); `policy` hands rules the
linked program. Naming those objects by protocol keeps every import pointing down the layers:
ir, values -> protocols -> frames -> ml_api -> calls -> link -> evaluate -> fixpoint.
"""

from __future__ import annotations

from typing import Any, Protocol


class Evaluator(Protocol):
    """What evaluate.FunctionEvaluator offers the models of calls, frames and operators."""

    engine: Any
    module: Any
    function: Any
    path: str
    ctrl: list
    loops: list
    comprehension: list
    exact: int

    def step(self, description: str, span: Any) -> Any: ...

    def site(self, span: Any) -> Any: ...

    def read_event(self, kind: str, name: str, obj: Any, span: Any) -> dict: ...

    def with_ctrl(self, value: Any, selecting: bool = False) -> Any: ...

    def operand(self, op: Any, env: dict) -> Any: ...

    def update_origin(self, operand: Any, env: dict, change: Any, span: Any = None) -> None: ...


class Program(Protocol):
    """What link.Program offers rules (policies read the IR through it)."""

    modules: dict
    functions: dict
    classes: dict

    def find_module(self, importer: Any, module: str, level: int) -> Any: ...

    def class_role(self, module_name: str, qualname: str) -> str: ...


class Lowering(Protocol):
    """What lower.ModuleLowering offers the expression lowering."""

    ctx: Any
    comprehensions: int

    def span(self, node: Any) -> Any: ...

    def temp(self) -> Any: ...

    def emit(self, stmt: Any) -> None: ...

    def store(self, target: Any, value: Any, span: Any) -> None: ...

    def nested_block(self, build: Any) -> tuple: ...

    def lambda_value(self, node: Any) -> Any: ...
