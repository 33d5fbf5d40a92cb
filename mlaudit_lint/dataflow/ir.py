"""The intermediate representation: what the per-file pass hands to the cross-module pass.

The IR describes the program, never a rule: no label, sink or source appears here. It is
three-address code: every expression is flattened into single-operation instructions on named
temporaries (`$3 = df.drop(...)`), so evaluating it never recurses once per level of expression
nesting, and a 50,000-term sum is 50,000 flat instructions. Statements keep their structure
(`If`, `Loop`, `Try` hold blocks), which is what flow-sensitive evaluation walks.

The engine caches `ModuleIR` on disk as validated JSON, so every type here is a frozen dataclass
whose fields are str, int, float, bool, None, tuples, frozensets, Enums or other IR dataclasses:
plain data, no functions, no parser nodes. Read fields by name; nothing here is positional.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# ----- positions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """1-based line and column of the first and last character (end column exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


NO_SPAN = Span(0, 0, 0, 0)


# ----- operands ----------------------------------------------------------------------------


class Scope(Enum):
    LOCAL = "local"  # bound in this function (temporaries `$n` are local)
    GLOBAL = "global"  # module level (or a builtin when the module never binds it)
    FREE = "free"  # bound in an enclosing function (a closure variable)


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    scope: Scope = Scope.LOCAL


@dataclass(frozen=True, slots=True)
class Const:
    """A literal. `value` keeps str, int, float, bool and None; other literals keep only `kind`."""

    value: str | int | float | bool | None
    kind: str  # "str", "int", "float", "bool", "none", "bytes", "other"


Operand = Var | Const


@dataclass(frozen=True, slots=True)
class Slice:
    """`lower:upper:step` inside a subscript; a missing bound is None."""

    lower: Operand | None = None
    upper: Operand | None = None
    step: Operand | None = None


IndexPart = Var | Const | Slice


@dataclass(frozen=True, slots=True)
class Arg:
    """A call argument: positional (`keyword` None, `star` 0), `*args` (star 1), `**kw` (star 2)."""

    value: Operand
    keyword: str | None = None
    star: int = 0


# ----- right-hand sides --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copy:
    source: Operand


@dataclass(frozen=True, slots=True)
class GetAttr:
    obj: Operand
    name: str


@dataclass(frozen=True, slots=True)
class GetItem:
    """`obj[index]`; `is_tuple` when the subscript had several comma-separated parts."""

    obj: Operand
    index: tuple[IndexPart, ...]
    is_tuple: bool = False


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a value (`f(x)`, `make()(x)`); `callee` is the dotted source text when it has one."""

    func: Operand
    args: tuple[Arg, ...]
    callee: str = ""


@dataclass(frozen=True, slots=True)
class MethodCall:
    """`obj.name(args)`: kept apart from `Call` so library models see their receiver."""

    obj: Operand
    name: str
    args: tuple[Arg, ...]
    callee: str = ""  # dotted source text (`np.random.choice`) when the receiver is a name chain


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # ast operator class name: "Add", "Sub", "BitAnd", ...
    left: Operand
    right: Operand


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str  # "Not", "USub", "UAdd", "Invert"
    operand: Operand


@dataclass(frozen=True, slots=True)
class Compare:
    ops: tuple[str, ...]  # "Eq", "NotEq", "Lt", "In", "NotIn", "Is", ...
    operands: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "And", "Or"
    operands: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class Build:
    """A tuple, list or set display; `starred[i]` when item i was `*item`."""

    kind: str  # "tuple", "list", "set"
    items: tuple[Operand, ...]
    starred: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class BuildDict:
    keys: tuple[Operand | None, ...]  # None: `**mapping`
    values: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class FormatString:
    parts: tuple[Operand, ...]  # the interpolated values of an f-string


@dataclass(frozen=True, slots=True)
class Ternary:
    test: Operand
    body: Operand
    orelse: Operand


@dataclass(frozen=True, slots=True)
class FunctionRef:
    """The value of a `def` or `lambda`: the function of that qualname in this module."""

    qualname: str


@dataclass(frozen=True, slots=True)
class ClassRef:
    qualname: str


@dataclass(frozen=True, slots=True)
class Import:
    """The value an import binds: module `module` (relative by `level`), or its attribute `name`."""

    module: str
    name: str | None = None
    level: int = 0


@dataclass(frozen=True, slots=True)
class Element:
    """One element of an iterable (a `for` target, a comprehension variable)."""

    iterable: Operand


@dataclass(frozen=True, slots=True)
class Unpack:
    """Item `index` of `count` when `a, b = value`; `star` is the index of a `*rest` target or -1.

    For the starred target itself `index == star`; targets after it count from the end.
    """

    value: Operand
    index: int
    count: int
    star: int = -1


Expr = (
    Copy
    | GetAttr
    | GetItem
    | Call
    | MethodCall
    | BinOp
    | UnaryOp
    | Compare
    | BoolOp
    | Build
    | BuildDict
    | FormatString
    | Ternary
    | FunctionRef
    | ClassRef
    | Import
    | Element
    | Unpack
)


# ----- statements --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assign:
    target: Var
    value: Expr
    span: Span
    # What the source spelled, when the binding is a user's name: `y = np.arange(5)` is
    # "y"; temporaries have "". Rules read name conventions from here.
    user_name: str = ""


@dataclass(frozen=True, slots=True)
class SetAttr:
    obj: Operand
    name: str
    value: Operand
    span: Span


@dataclass(frozen=True, slots=True)
class SetItem:
    obj: Operand
    index: tuple[IndexPart, ...]
    value: Operand
    span: Span
    is_tuple: bool = False


@dataclass(frozen=True, slots=True)
class DelName:
    target: Var
    span: Span


@dataclass(frozen=True, slots=True)
class DelItem:
    obj: Operand
    index: tuple[IndexPart, ...]
    span: Span
    is_tuple: bool = False


@dataclass(frozen=True, slots=True)
class DelAttr:
    obj: Operand
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Return:
    value: Operand | None
    span: Span


@dataclass(frozen=True, slots=True)
class Yield:
    value: Operand | None
    span: Span


@dataclass(frozen=True, slots=True)
class Raise:
    value: Operand | None
    span: Span


@dataclass(frozen=True, slots=True)
class Break:
    span: Span


@dataclass(frozen=True, slots=True)
class Continue:
    span: Span


class Guard(Enum):
    PLAIN = "plain"  # an ordinary `if`
    MAIN = "main"  # `if __name__ == "__main__":` — runs when the file is the program
    TYPE_CHECKING = "type_checking"  # `if TYPE_CHECKING:` — never runs


@dataclass(frozen=True, slots=True)
class If:
    test: Operand
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    span: Span
    guard: Guard = Guard.PLAIN


@dataclass(frozen=True, slots=True)
class Loop:
    """`for`/`while`: `head` runs before every iteration (binds the `for` target, or evaluates
    the `while` test into `test`); `body` may run zero or more times; `orelse` after it."""

    head: tuple[Stmt, ...]
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    span: Span
    test: Operand | None = None  # a `while` test (a control dependence of the body)
    is_comprehension: bool = False


@dataclass(frozen=True, slots=True)
class Handler:
    name: Var | None
    body: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Try:
    body: tuple[Stmt, ...]
    handlers: tuple[Handler, ...]
    orelse: tuple[Stmt, ...]
    final: tuple[Stmt, ...]
    span: Span


Stmt = (
    Assign
    | SetAttr
    | SetItem
    | DelName
    | DelItem
    | DelAttr
    | Return
    | Yield
    | Raise
    | Break
    | Continue
    | If
    | Loop
    | Try
)


# ----- functions, classes, modules ---------------------------------------------------------


class ParamKind(Enum):
    POSITIONAL = "positional"  # positional-only or positional-or-keyword
    VARARG = "vararg"  # *args
    KEYWORD = "keyword"  # keyword-only
    VARKW = "varkw"  # **kwargs


class FunctionKind(Enum):
    MODULE = "module"  # the module body, qualname "<module>"
    FUNCTION = "function"
    METHOD = "method"
    CLASSMETHOD = "classmethod"
    STATICMETHOD = "staticmethod"
    LAMBDA = "lambda"
    CLASS_BODY = "class_body"  # a class body: runs once, its bindings become class attributes


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: ParamKind = ParamKind.POSITIONAL
    has_default: bool = False
    default: Operand | None = None  # a constant default (`k=3`, `axis=None`), else None


@dataclass(frozen=True, slots=True)
class FunctionIR:
    qualname: str  # "f", "C.m", "f.<locals>.g", "<lambda@12:8>", "<module>", "C.<body>"
    name: str
    kind: FunctionKind
    span: Span
    params: tuple[Param, ...] = ()
    body: tuple[Stmt, ...] = ()
    class_qualname: str | None = None  # the class a method or class body belongs to
    parent: str | None = None  # the enclosing function's qualname (closures), None at top level
    decorators: tuple[str, ...] = ()  # dotted names of decorators (`staticmethod`, `torch.no_grad`)
    is_generator: bool = False
    local_names: frozenset[str] = frozenset()  # user names bound in this scope


@dataclass(frozen=True, slots=True)
class ClassIR:
    qualname: str
    name: str
    span: Span
    bases: tuple[str, ...]  # dotted source text of each base (`nn.Module`, `Dataset`)
    methods: tuple[tuple[str, str], ...]  # (method name, function qualname)
    body: str  # qualname of the CLASS_BODY function
    decorators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportIR:
    """One name an import binds at module level: `alias` = module `module` (attribute `name`)."""

    alias: str
    module: str
    name: str | None
    level: int


@dataclass(frozen=True, slots=True)
class ModuleIR:
    path: str
    module_name: str
    is_package: bool
    functions: tuple[FunctionIR, ...]  # the module body ("<module>") first
    classes: tuple[ClassIR, ...]
    imports: tuple[ImportIR, ...]
    line_count: int = 0


def const_of(value) -> Const:
    if value is None:
        return Const(None, "none")
    if isinstance(value, bool):
        return Const(value, "bool")
    if isinstance(value, str):
        return Const(value, "str")
    if isinstance(value, int):
        return Const(value, "int")
    if isinstance(value, float):
        return Const(value, "float")
    if isinstance(value, bytes):
        return Const(None, "bytes")
    return Const(None, "other")


IR_TYPES: tuple[type, ...] = (
    Span,
    Var,
    Const,
    Slice,
    Arg,
    Copy,
    GetAttr,
    GetItem,
    Call,
    MethodCall,
    BinOp,
    UnaryOp,
    Compare,
    BoolOp,
    Build,
    BuildDict,
    FormatString,
    Ternary,
    FunctionRef,
    ClassRef,
    Import,
    Element,
    Unpack,
    Assign,
    SetAttr,
    SetItem,
    DelName,
    DelItem,
    DelAttr,
    Return,
    Yield,
    Raise,
    Break,
    Continue,
    If,
    Loop,
    Handler,
    Try,
    Param,
    FunctionIR,
    ClassIR,
    ImportIR,
    ModuleIR,
    Scope,
    Guard,
    ParamKind,
    FunctionKind,
)
