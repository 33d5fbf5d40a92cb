"""What a call is given and what it resolved to: plain records the call models share."""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import Val


@dataclass
class Arguments:
    positional: list[Val] = field(default_factory=list)
    keywords: dict[str, Val] = field(default_factory=dict)
    star: Val | None = None  # what a `*args` argument holds (its positions are unknown)
    double_star: Val | None = None  # what a `**kwargs` argument holds
    operands: list = field(default_factory=list)  # positional operands, for write-back

    def all(self) -> list[Val]:
        out = list(self.positional) + list(self.keywords.values())
        if self.star is not None:
            out.append(self.star)
        if self.double_star is not None:
            out.append(self.double_star)
        return out


@dataclass
class Callee:
    """What a call resolved to."""

    kind: str  # "function", "class", "library", "method-library", "unknown"
    name: str  # last name
    qualified: str = ""  # library path
    module: object = None  # ModuleIR of an in-tree target
    function: object = None  # FunctionIR of an in-tree target
    receiver: Val | None = None  # bound receiver (self) of an in-tree method, or the instance
    instance: Val | None = None  # the new instance of a constructor call
    role: str = ""
    called: Val | None = None  # the object called, when a call calls an object (`model(x)`)
    then: tuple | None = None  # (module, function) called after `function` ("chain" callees)
