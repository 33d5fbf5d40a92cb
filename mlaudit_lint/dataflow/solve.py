"""The cross-module pass: link imports, run the taint fixpoint, and collect label flows into sinks.

Each function body is evaluated flow-insensitively (a variable's value is the union of all its
bindings, which also covers loops and branches) against summaries of the functions it calls:
what each parameter contributes to the return value and to mutated arguments. The summaries are
symbolic in the callee's parameters, so `f(features)` and `f(label)` get different results. What
callers pass to each parameter is collected separately and used to judge sinks inside the callee.
All of it is iterated until nothing changes; every merge only grows, so the loop terminates.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..ftypes import Config
from .facts import FunctionIR, ModuleFacts
from .names import (
    CONFIG_OBJECT_RE,
    CV_FUNCTIONS,
    DATASET_CTORS,
    ESTIMATOR_SINK_METHODS,
    GROUP_SELECT_METHODS,
    METADATA_ATTRS,
    MODEL_OUTPUT_RE,
    MUTATING_METHODS,
    RECEIVER_ONLY_METHODS,
    RESAMPLE_FUNCTIONS,
    SPLIT_FUNCTIONS,
    STACK_FUNCTIONS,
    TENSOR_DATASETS,
    is_feature_function,
    is_feature_name,
    is_label_attr,
    is_label_name,
    is_model_callee,
    is_sanitizer,
)
from .taint import (
    BESIDE,
    DERIVED,
    DIRECT,
    Val,
    as_beside,
    as_selected,
    combine_rank,
    has_sink_hop,
    union_into,
    unselect,
    with_hop,
    with_rank,
)

MAX_ROUNDS = 40
_TRANSPARENT_ATTRS = frozenset(
    {"loc", "iloc", "at", "iat", "values", "T", "data", "array", "str", "dt", "cat", "mT"}
)
_NOT_METHOD_RESOLVE = frozenset(
    {
        "fit",
        "predict",
        "transform",
        "append",
        "extend",
        "update",
        "get",
        "items",
        "keys",
        "values",
        "add",
        "run",
        "main",
        "forward",
        "split",
        "read",
        "write",
        "close",
        "open",
        "copy",
        "apply",
        "score",
        "load",
        "save",
        "reset",
        "step",
        "call",
        "format",
        "join",
        "pop",
        "insert",
        "remove",
        "sort",
        "index",
        "count",
        "clear",
        "setdefault",
        "decode",
        "strip",
        "lower",
        "upper",
    }
)
_STRUCTURE_KEEPING = frozenset(
    {
        "DataFrame",
        "dict",
        "Series",
        "list",
        "tuple",
        "iter",
        "sorted",
        "reversed",
        "DataLoader",
        "deepcopy",
        "encode_labels",
        "next",
    }
)
_LAMBDA_METHODS = frozenset({"apply", "map", "applymap", "transform", "agg", "aggregate", "pipe"})
# Positions of the rows that match a condition: which examples, not values computed from them.
_POSITION_FUNCTIONS = frozenset({"flatnonzero", "nonzero", "argwhere"})
# Membership tests: is this element among those the label selected?
_MEMBERSHIP_FUNCTIONS = frozenset({"isin", "in1d"})


@dataclass
class SinkHit:
    """A label-derived value reaching a model input, before reporting (one per sink site)."""

    path: str
    line: int
    end_line: int
    column: int
    description: str
    origin: str
    hops: tuple
    module_name: str


class _Func:
    """Analysis state of one function: its IR, its environment and its summaries."""

    __slots__ = (
        "env",
        "feature_function",
        "fvars",
        "has_callers",
        "incoming",
        "ir",
        "key",
        "ml",
        "mod",
        "mut",
        "ret",
        "ret_count",
        "ret_funcs",
    )

    def __init__(self, ir: FunctionIR, mod: ModuleFacts, third_party: bool = True):
        self.ir = ir
        self.mod = mod
        self.key = (mod.module_name, ir.qualname)
        self.env: dict[str, Val] = {}
        for index, name in enumerate(ir.params):
            self.env[name] = Val({("p", index): (DIRECT, ())})
        self.ret = Val()
        self.ret_funcs: set = set()  # nested functions it returns (a factory of closures)
        self.fvars: dict | None = (
            None  # local name -> how it is bound to a function, built on demand
        )
        self.mut: dict[int, Val] = {}  # what the body writes into each parameter, by column
        self.incoming: dict[int, Val] = {}
        self.has_callers = False
        self.ret_count = sum(1 for s in ir.stmts if s[0] == "r" and not s[5])
        self.feature_function = is_feature_function(ir.name)
        if ir.name == "__getitem__":  # an item of a Dataset is a model input; of a dict, it is not
            cls = mod.classes.get(ir.class_qualname or "")
            self.feature_function = cls is not None and bool(
                _DATASET_CLASS_RE.search(cls.name)
                or any(_DATASET_CLASS_RE.search(b) for b in cls.bases)
            )
        # A bare `label = ...` or `target = ...` names the label only in code that does ML.
        self.ml = (
            bool(ir.label_uses)
            or self.feature_function
            or any(
                last in _ML_CALLS or is_model_callee(last) or "loss" in last.lower()
                for _, last, _ in ir.calls
            )
            or (third_party and any(is_feature_name(name) for name in ir.vocab))
        )


class Solver:
    def __init__(self, facts: Mapping[str, ModuleFacts], config: Config):
        self.config = config
        self.modules: dict[str, ModuleFacts] = {}
        for item in sorted(facts.values(), key=lambda f: (f.module_name, f.path)):
            self.modules.setdefault(item.module_name, item)
        self.funcs: dict[tuple, _Func] = {}
        for mod in self.modules.values():
            # `X, Y = self, other` in a module that imports only the standard library is
            # arithmetic, not a feature matrix and its label
            third_party = _imports_third_party(mod)
            for ir in mod.functions.values():
                self.funcs[(mod.module_name, ir.qualname)] = _Func(ir, mod, third_party)
        self.attrs: dict[tuple, dict[str, Val]] = {}
        self.sinks: dict[tuple, list] = {}
        self.local_changed = False
        self.truth_sources = frozenset(config.truth_sources)
        self.truth_last = frozenset(t.rsplit(".", 1)[-1] for t in config.truth_sources)
        self.unique_methods = self._unique_methods()
        self._resolve_cache: dict = {}
        self._import_cache: dict = {}
        self.labels = frozenset(config.labels)
        self.inferred = self._infer_labels()
        self.labels = self.labels | self.inferred
        self._lambda_env: list[dict] = []

    # ----- names -------------------------------------------------------------------------
    def is_label(self, name: str) -> bool:
        return is_label_name(name, self.labels)

    def _unique_methods(self) -> dict:
        seen: dict[str, list] = {}
        for mod in self.modules.values():
            for cls in mod.classes.values():
                for name, qual in cls.methods.items():
                    seen.setdefault(name, []).append((mod.module_name, qual))
        return {
            name: owners[0]
            for name, owners in seen.items()
            if len(owners) == 1 and not name.startswith("__") and name not in _NOT_METHOD_RESOLVE
        }

    def _infer_labels(self) -> frozenset:
        """Names used as the label are labels everywhere.

        A use as the label is: the y of `fit`/`cross_val_*`, a loss target, the second tensor of
        `TensorDataset`, or a value stored in a label-named variable (`labels.append(int(is_var))`,
        `y = df["is_var"]`). The names taken are variables holding it, attributes and DataFrame
        columns it is read from; definitions are followed one level, through conversions only.
        """
        found: set[str] = set()
        base = self.labels
        # Label-named variables say what the label is only in code that trains something.
        ml_project = any(f.ir.label_uses for f in self.funcs.values())
        for func in self.funcs.values():
            ir = func.ir
            defs: dict[str, list] = {}
            uses = list(ir.label_uses)
            ml_code = ml_project and (
                bool(ir.label_uses)
                or any(last in _ML_CALLS or is_model_callee(last) for _, last, _ in ir.calls)
            )
            for stmt in ir.stmts:
                if stmt[0] != "b" or stmt[1] is None or stmt[1][0] != "v":
                    continue
                defs.setdefault(stmt[1][1], []).append(stmt[2])
                if not stmt[6] and _says_label(_base(stmt[1][1]), base, ml_code):
                    uses.append(stmt[2])
            if not any(last in ("append", "extend", "insert", "add") for _, last, _ in ir.calls):
                stmts = ()
            else:
                stmts = ir.stmts
            for stmt in stmts:
                for call in _calls(stmt):
                    if call[2] in ("append", "extend", "insert", "add") and call[3] is not None:
                        root = _root(call[3])
                        if (
                            root is not None
                            and _says_label(_base(root[1]), base, ml_code)
                            and call[4]
                        ):
                            uses.append(call[4][-1])
            self._infer_mod = func.mod
            for use in uses:
                self._ingredients(use, defs, found, True)
        return frozenset(
            n
            for n in found
            if len(n) > 1
            and not is_feature_name(n)
            and n not in _NOT_INFERRED
            and not n.isupper()
            and not any(n in mod.imports or n in mod.top_defs for mod in self.modules.values())
        )

    _CONVERSIONS = frozenset(
        {
            "encode_labels",
            "int",
            "float",
            "bool",
            "array",
            "asarray",
            "tensor",
            "as_tensor",
            "from_numpy",
            "list",
            "tuple",
            "Series",
            "LongTensor",
            "FloatTensor",
            "ravel",
            "squeeze",
        }
    )

    def _ingredients(self, expr, defs, found, expand) -> None:
        if expr is None or not isinstance(expr, tuple):
            return
        tag = expr[0]
        if tag == "n":
            name = expr[1]
            if MODEL_OUTPUT_RE.match(_base(name)):
                return
            found.add(_base(name))
            if expand and name in defs:
                for value in defs[name]:
                    self._ingredients(value, defs, found, False)
        elif tag == "a":
            if expr[2] in _TRANSPARENT_ATTRS:
                self._ingredients(expr[1], defs, found, expand)
            elif expr[2] not in METADATA_ATTRS:
                found.add(expr[2])
        elif tag == "s":
            if expr[2]:
                found.update(expr[2])
            elif (
                expr[4] is not None
                and expr[4][0] == "n"
                and self.const_keys(self._infer_mod, expr[4][1])
            ):
                found.update(self.const_keys(self._infer_mod, expr[4][1]))
            elif expr[4] is None and expr[3] is None:
                # `labels[mask]`/`labels[:n]` is the label; `series[t + h]` is one element of a
                # series whose other elements may well be features, so it names nothing
                self._ingredients(expr[1], defs, found, expand)
        elif tag == "c":
            if expr[3] is not None and expr[2] in RECEIVER_ONLY_METHODS:
                self._ingredients(expr[3], defs, found, expand)
            if expr[2] in self._CONVERSIONS:
                for arg in expr[4]:
                    self._ingredients(arg, defs, found, expand)
        elif tag == "o":
            live = [p for p in expr[1] if p is not None]
            if len(live) == 1:
                self._ingredients(live[0], defs, found, expand)
        elif tag in ("t", "l"):
            for part in expr[1]:
                self._ingredients(part, defs, found, expand)
        elif tag == "it":
            self._ingredients(expr[1], defs, found, expand)

    def const_keys(self, mod: ModuleFacts, name: str):
        """Column names held by a module-level constant, here or imported (`from config import FEATURES`)."""
        if name in mod.str_consts:
            return mod.str_consts[name]
        target = mod.imports.get(name)
        if target is not None and target[1] not in (None, "*"):
            other = self._module(mod, target[0], target[2]) if (target[0] or target[2]) else None
            if other is not None:
                return other.str_consts.get(target[1])
        return None

    # ----- resolution --------------------------------------------------------------------
    def _module(self, importer: ModuleFacts, module: str, level: int) -> ModuleFacts | None:
        if level:
            parts = importer.module_name.split(".")
            if not importer.is_package:
                parts = parts[:-1]
            if level > 1:
                parts = parts[: len(parts) - (level - 1)]
            name = ".".join(p for p in (*parts, module) if p)
            return self.modules.get(name)
        found = self.modules.get(module)
        if found is not None:
            return found
        # `import features` from a script next to features.py inside a package directory
        package = importer.module_name.rsplit(".", 1)[0] if "." in importer.module_name else ""
        if package:
            return self.modules.get(f"{package}.{module}")
        return None

    def _lookup_in_module(self, mod: ModuleFacts, rest: list[str], depth: int = 0):
        """Follow `rest` (attribute names) inside `mod`: a def, a class method, or a submodule."""
        if depth > 8:  # re-export cycles (`from . import x` in both directions)
            return None
        if not rest:
            return ("module", mod, None)
        head = rest[0]
        qual = mod.top_defs.get(head)
        if qual is not None:
            if qual in mod.classes:
                if len(rest) == 1:
                    return ("class", mod, qual)
                method = mod.classes[qual].methods.get(rest[1])
                return ("func", mod, method, 0) if method else None
            return ("func", mod, qual, 0) if len(rest) == 1 else None
        if head in mod.imports:
            target = mod.imports[head]
            resolved = self._import_target(mod, target, depth + 1)
            if resolved is not None:
                return self._continue(resolved, rest[1:], depth + 1)
        sub = self.modules.get(f"{mod.module_name}.{head}")
        if sub is not None:
            return self._lookup_in_module(sub, rest[1:], depth + 1)
        if len(rest) == 1:
            return ("global", mod, head)
        return None

    def _continue(self, resolved, rest, depth: int = 0):
        if not rest:
            return resolved
        if resolved[0] == "module":
            return self._lookup_in_module(resolved[1], rest, depth + 1)
        if resolved[0] == "class" and len(rest) == 1:
            method = resolved[1].classes[resolved[2]].methods.get(rest[0])
            return ("func", resolved[1], method, 0) if method else None
        return None

    def _import_target(self, importer: ModuleFacts, target: tuple, depth: int = 0):
        key = (importer.module_name, target)
        if key in self._import_cache:
            return self._import_cache[key]
        if depth > 8:
            return None
        result = self._import_target_uncached(importer, target, depth)
        self._import_cache[key] = result
        return result

    def _import_target_uncached(self, importer: ModuleFacts, target: tuple, depth: int):
        module, attr, level = target
        if attr == "*":
            return None
        if attr is None:
            mod = self._module(importer, module, level)
            return ("module", mod, None) if mod is not None else None
        mod = self._module(importer, module, level) if (module or level) else None
        if mod is not None:
            found = self._lookup_in_module(mod, [attr], depth + 1)
            if found is not None and not (
                found[0] == "global"
                and attr not in mod.functions["<module>"].local_names
                and self._module(importer, f"{module}.{attr}" if module else attr, level)
                is not None
            ):
                return found
        sub = self._module(importer, f"{module}.{attr}" if module else attr, level)
        if sub is not None:
            return ("module", sub, None)
        return None

    def resolve(self, func: _Func, dotted: str | None, last: str, has_recv: bool):
        key = (func.key, dotted, last, has_recv)
        if key in self._resolve_cache:
            return self._resolve_cache[key]
        result = self._resolve(func, dotted, last, has_recv)
        self._resolve_cache[key] = result
        return result

    def _resolve(self, func: _Func, dotted, last, has_recv):
        mod = func.mod
        ir = func.ir
        if dotted:
            parts = dotted.split(".")
            head, rest = parts[0], parts[1:]
            if head in ("self", "cls") and ir.class_qualname and len(rest) == 1:
                qual = self._method(mod, ir.class_qualname, rest[0])
                if qual:
                    return ("func", mod, qual, 1)
            scope = ir
            while scope is not None:
                if head in scope.nested:
                    return ("func", mod, scope.nested[head], 0) if not rest else None
                if head in scope.local_names and scope.qualname != "<module>":
                    break
                scope = mod.functions.get(scope.parent) if scope.parent else None
            if head in mod.top_defs:
                found = self._lookup_in_module(mod, parts)
                if found is not None and found[0] != "global":
                    return found
            if head in mod.imports:
                resolved = self._import_target(mod, mod.imports[head])
                if resolved is not None:
                    found = self._continue(resolved, rest)
                    if found is not None and found[0] in ("func", "class"):
                        return found
            if dotted in mod.imports:
                resolved = self._import_target(mod, mod.imports[dotted])
                if resolved is not None and resolved[0] in ("func", "class"):
                    return resolved
        if has_recv and dotted:
            parts = dotted.split(".")
            owner = None
            if len(parts) == 2 and parts[0] not in ("self", "cls"):
                owner = self._instance_class(func, parts[0])
            elif len(parts) == 3 and parts[0] == "self" and ir.class_qualname:
                owner = self._attribute_class(mod, ir.class_qualname, parts[1])
            if owner is not None:
                # the receiver's class is known: its method, or nothing we can see (an
                # inherited library method), never a same-named method of another class
                qual = self._method(owner[0], owner[1], last)
                return ("func", owner[0], qual, 1) if qual else None
        if has_recv and last in self.unique_methods:
            mod_name, qual = self.unique_methods[last]
            return ("func", self.modules[mod_name], qual, 1)
        return None

    def _class_of_values(self, func: _Func, values: list):
        """The one in-tree class every value is constructed from (`PileupEncoder(...)`), else None."""
        owner = None
        for value in values:
            if value is None or value[0] != "c" or not value[1]:
                return None
            resolved = self.resolve(func, value[1], value[2], value[3] is not None)
            if resolved is None or resolved[0] != "class":
                return None
            found = (resolved[1], resolved[2])
            if owner is not None and owner[1] != found[1]:
                return None
            owner = found
        return owner

    def _instance_class(self, func: _Func, name: str):
        key = ("var", func.key, name)
        if key in self._resolve_cache:
            return self._resolve_cache[key]
        self._resolve_cache[key] = None  # no recursion through the constructor's own resolution
        values = [
            stmt[2]
            for stmt in func.ir.stmts
            if stmt[0] == "b"
            and stmt[1] is not None
            and stmt[1][0] == "v"
            and _base(stmt[1][1]) == name
        ]
        owner = (
            self._class_of_values(func, values) if values and name in func.ir.local_names else None
        )
        self._resolve_cache[key] = owner
        return owner

    def _attribute_class(self, mod: ModuleFacts, class_qual: str, attr: str):
        """The class of `self.attr` when every method that sets it constructs the same class."""
        key = ("attr", mod.module_name, class_qual, attr)
        if key in self._resolve_cache:
            return self._resolve_cache[key]
        self._resolve_cache[key] = None
        cls = mod.classes.get(class_qual)
        owner = None
        if cls is not None:
            values = []
            setters = []
            for qual in cls.methods.values():
                method = self.funcs.get((mod.module_name, qual))
                if method is None:
                    continue
                for stmt in method.ir.stmts:
                    target = stmt[1] if stmt[0] == "b" else None
                    if (
                        target is not None
                        and target[0] == "a"
                        and target[2] == attr
                        and target[1] == ("n", "self")
                    ):
                        values.append(stmt[2])
                        setters.append(method)
            if values:
                owner = None
                for method, value in zip(setters, values):
                    found = self._class_of_values(method, [value])
                    if found is None or (owner is not None and owner[1] != found[1]):
                        owner = None
                        break
                    owner = found
        self._resolve_cache[key] = owner
        return owner

    def _method(self, mod: ModuleFacts, class_qual: str, name: str, depth: int = 0):
        cls = mod.classes.get(class_qual)
        if cls is None or depth > 5:
            return None
        if name in cls.methods:
            return cls.methods[name]
        for base in cls.bases:
            if base in mod.classes:
                found = self._method(mod, base, name, depth + 1)
                if found:
                    return found
        return None

    def _callee_func(self, resolved) -> tuple[_Func | None, int]:
        if resolved is None:
            return None, 0
        if resolved[0] == "func":
            if resolved[2] is None:
                return None, 0
            return self.funcs.get((resolved[1].module_name, resolved[2])), resolved[3]
        if resolved[0] == "class":
            init = self._method(resolved[1], resolved[2], "__init__")
            if init:
                return self.funcs.get((resolved[1].module_name, init)), 1
        return None, 0

    # ----- the fixpoint -------------------------------------------------------------------
    def run(self) -> list[SinkHit]:
        _LABELS.labels = self.labels
        self._link()
        order = sorted(
            self.funcs.values(), key=lambda f: (f.mod.module_name, f.ir.line, f.ir.qualname)
        )
        self._rank = {func.key: index for index, func in enumerate(order)}
        relevant = self._near_sinks()
        for func in order:
            if func.key in relevant and self._is_seed(func):
                self.push(func)
        budget = MAX_ROUNDS * max(len(order), 1)
        while self._heap and budget > 0:
            # always the earliest function in source order, for deterministic traces
            _, key = heapq.heappop(self._heap)
            self._queue.discard(key)
            func = self.funcs[key]
            for _ in range(8):  # local fixpoint: loops and reassignments inside the body
                self.local_changed = False
                self._evaluate(func)
                budget -= 1
                if not self.local_changed:
                    break
        return self._report()

    def _push_key(self, key: tuple) -> None:
        if key not in self._queue:
            self._queue.add(key)
            heapq.heappush(self._heap, (self._rank[key], key))

    def push(self, func: _Func) -> None:
        self._push_key(func.key)

    def link_call(self, callee: _Func, caller: _Func) -> None:
        """A call found while solving (a closure, a function passed to `map`): link it like `_link` does."""
        callers = self.callers_of.setdefault(callee.key, set())
        if caller.key not in callers:
            callers.add(caller.key)
            callee.has_callers = True
            self.push(callee)  # it may never have been evaluated: nothing led to it before

    def push_nested(self, func: _Func) -> None:
        """Closures read their enclosing function's parameters, so they depend on its callers."""
        stack = list(func.ir.nested.values())
        while stack:
            key = (func.mod.module_name, stack.pop())
            inner = self.funcs.get(key)
            if inner is not None:
                self._push_key(key)
                stack.extend(inner.ir.nested.values())

    def push_callers(self, func: _Func) -> None:
        for caller in self.callers_of.get(func.key, ()):
            self._push_key(caller)

    def push_class(self, key: tuple) -> None:
        for reader in self.class_readers.get(key, ()):
            self._push_key(reader)

    def push_module(self, module_name: str, name: str) -> None:
        for reader in self.module_readers.get((module_name, name), ()):
            self._push_key(reader)

    def _near_sinks(self) -> set:
        """Functions connected (by calls, shared classes or module globals) to a possible sink.

        Taint only matters where it can reach a sink, so the fixpoint starts only from sources
        in these; for code with no model in it (most of the standard library) it does nothing.
        """
        graph: dict[tuple, set] = {}

        def link(a, b):
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set()).add(a)

        sink_calls = ESTIMATOR_SINK_METHODS | CV_FUNCTIONS | DATASET_CTORS | TENSOR_DATASETS
        starts = []
        for func in self.funcs.values():
            ir = func.ir
            key = func.key
            graph.setdefault(key, set())
            if (
                func.feature_function
                or any(last in sink_calls or is_model_callee(last) for _, last, _ in ir.calls)
                or any(is_feature_name(name) for name in ir.vocab)
            ):
                starts.append(key)
            for caller in self.callers_of.get(key, ()):
                link(key, caller)
            if ir.class_qualname:
                link(key, ("class", func.mod.module_name, ir.class_qualname))
            mod = func.mod
            top = mod.functions["<module>"]
            for name in ir.vocab:
                if name in mod.imports:
                    target = mod.imports[name]
                    other = (
                        self._module(mod, target[0], target[2]) if target[0] or target[2] else None
                    )
                    if other is not None:
                        link(key, (other.module_name, "<module>"))
                elif name in top.local_names and name not in mod.top_defs:
                    link(key, (mod.module_name, "<module>"))
        for mod in self.modules.values():
            for cls in mod.classes.values():
                for base in cls.bases:
                    if base in mod.classes:
                        link(
                            ("class", mod.module_name, cls.qualname),
                            ("class", mod.module_name, base),
                        )
        seen = set(starts)
        stack = list(starts)
        while stack:
            node = stack.pop()
            for neighbour in graph.get(node, ()):
                if neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        return seen

    def _is_seed(self, func: _Func) -> bool:
        ir = func.ir
        for name in ir.vocab:
            if self.is_label(name):
                return True
        if self.truth_last:
            return any(last in self.truth_last for _, last, _ in ir.calls)
        return False

    def _link(self) -> None:
        """Resolve every call once: who calls whom, and who reads which class and module."""
        self.callers_of: dict[tuple, set] = {}
        self.class_readers: dict[tuple, set] = {}
        self.module_readers: dict[str, set] = {}
        self._queue: set = set()
        self._heap: list = []
        for func in self.funcs.values():
            mod_name = func.mod.module_name
            if func.ir.class_qualname:
                cls_key = (mod_name, func.ir.class_qualname)
                self.class_readers.setdefault(cls_key, set()).add(func.key)
            for dotted, last, has_recv in func.ir.calls:
                resolved = self.resolve(func, dotted, last, has_recv)
                callee, _ = self._callee_func(resolved)
                if callee is not None:
                    callee.has_callers = True
                    self.callers_of.setdefault(callee.key, set()).add(func.key)
        # subclasses in the same module read their bases' attributes
        for mod in self.modules.values():
            for cls in mod.classes.values():
                for base in cls.bases:
                    if base in mod.classes:
                        readers = self.class_readers.setdefault((mod.module_name, base), set())
                        readers.update(self.class_readers.get((mod.module_name, cls.qualname), ()))
        # who reads which module global: by name, in the module and through imports
        imported: dict[str, list] = {}
        for mod in self.modules.values():
            targets = []
            for alias, target in mod.imports.items():
                other = self._module(mod, target[0], target[2]) if target[0] or target[2] else None
                if other is not None and other is not mod:
                    targets.append((alias, target[1], other))
            imported[mod.module_name] = targets
        for func in self.funcs.values():
            mod = func.mod
            vocab = func.ir.vocab
            for name in vocab:
                self.module_readers.setdefault((mod.module_name, name), set()).add(func.key)
            for alias, attr, other in imported[mod.module_name]:
                if attr is not None and alias in vocab:
                    self.module_readers.setdefault((other.module_name, attr), set()).add(func.key)
                elif attr is None and alias in vocab:
                    globals_ = other.functions["<module>"].local_names
                    for name in vocab & globals_:
                        self.module_readers.setdefault((other.module_name, name), set()).add(
                            func.key
                        )
        # closures read their enclosing function's variables
        for func in self.funcs.values():
            parent = func.ir.parent
            while parent:
                for name in func.ir.vocab:
                    self.module_readers.setdefault((func.mod.module_name, name), set()).add(
                        func.key
                    )
                break

    def _evaluate(self, func: _Func) -> None:
        ctx = _Context(self, func)
        for stmt in func.ir.stmts:
            ctx.stmt(stmt)

    # ----- concretization & reporting --------------------------------------------------------
    def conc(self, taint: dict, func: _Func) -> dict:
        """Replace parameter keys by what callers pass (or the parameter's own name as a label)."""
        if not any(key[0] != "src" for key in taint):
            return taint
        out: dict = {}
        for key, (rank, hops) in taint.items():
            if key[0] == "src":
                union_into(out, {key: (rank, hops)})
                continue
            index = key[1]
            if func.has_callers:
                arg = func.incoming.get(index)
                if arg is None:
                    continue
                source = _param_view(arg, key)
                for key2, (rank2, hops2) in source.items():
                    union_into(out, {key2: (combine_rank(rank, rank2), hops2 + hops)})
            else:
                name = func.ir.params[index] if index < len(func.ir.params) else ""
                if name and name not in ("self", "cls") and self.is_label(name):
                    step = (name, func.mod.path, func.ir.line, False)
                    union_into(
                        out, {("src", name, func.mod.path, func.ir.line): (rank, (step,) + hops)}
                    )
        return out

    def conc_val(self, value: Val, func: _Func) -> Val:
        """`conc` for a whole value, keeping the columns of arguments passed in whole."""
        if func.has_callers:
            expanded = _expand_val(
                value, lambda i: (func.incoming[i], None) if i in func.incoming else None
            )
            return expanded
        return Val(
            self.conc(value.t, func),
            [self.conc(i, func) for i in value.items] if value.items is not None else None,
            {k: self.conc(v, func) for k, v in value.cols.items()} if value.cols else None,
            value.zipped,
        )

    def add_sink(self, func: _Func, line: int, end: int, description: str, taint: dict) -> None:
        live = {k: v for k, v in taint.items() if v[0] > BESIDE and not has_sink_hop(v[1])}
        if not live:
            return
        key = (func.mod.path, line, description)
        entry = self.sinks.get(key)
        if entry is None:
            self.sinks[key] = [func, end, dict(live)]
        else:
            union_into(entry[2], live)

    def _report(self) -> list[SinkHit]:
        hits = []
        for (path, line, description), (func, end, taint) in sorted(
            self.sinks.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])
        ):
            concrete = self.conc(taint, func)
            live = [(k, v) for k, v in concrete.items() if v[0] > BESIDE and not has_sink_hop(v[1])]
            if not live:
                continue
            own = func.mod.path

            def preference(item):
                (key, (rank, hops)) = item
                from_param_name = key[2] == own and key[3] == func.ir.line
                strength = (
                    0 if key[1] in self.config.labels else 1 if key[1] in self.inferred else 2
                )
                return (
                    from_param_name,
                    strength,
                    -len({h[1] for h in hops}),
                    len(hops),
                    key[2],
                    key[3],
                    key[1],
                )

            key, (rank, hops) = min(live, key=preference)
            step = (description, path, line, True)
            column = func.mod.statement_columns.get(line, 1)
            hits.append(
                SinkHit(
                    path,
                    line,
                    end,
                    column,
                    description,
                    key[1],
                    hops + (step,),
                    func.mod.module_name,
                )
            )
        # One finding per statement: `X = scaler.fit_transform(leaky)` reaches two sinks at once;
        # the call is where the value enters the model, so it is the one reported.
        best: dict[tuple, SinkHit] = {}
        for hit in hits:
            key = (hit.path, hit.line)
            current = best.get(key)
            if current is None or ("(" in hit.description and "(" not in current.description):
                best[key] = hit
        return [best[key] for key in sorted(best)]


_DATASET_CLASS_RE = __import__("re").compile(r"Dataset|Sequence$|DataModule|Data$|Set$|Loader$")
_ML_CALLS = ESTIMATOR_SINK_METHODS | CV_FUNCTIONS | DATASET_CTORS | TENSOR_DATASETS
# Generic identifiers that say nothing about the data even when they end up holding the label.
_NOT_INFERRED = frozenset(
    {
        "self",
        "cls",
        "df",
        "data",
        "batch",
        "row",
        "rows",
        "rec",
        "record",
        "records",
        "x",
        "X",
        "other",
        "value",
        "values",
        "result",
        "results",
        "out",
        "output",
        "outputs",
        "item",
        "items",
        "obj",
        "arr",
        "array",
        "tensor",
        "tensors",
        "key",
        "keys",
        "name",
        "names",
        "alias",
        "path",
        "text",
        "line",
        "frame",
        "sample",
        "samples",
        "example",
        "examples",
        "element",
        "elements",
        "arg",
        "args",
        "kwargs",
        "res",
        "ret",
        "tmp",
        "temp",
        "val",
        "vals",
        "entry",
        "entries",
        "node",
        "nodes",
        "input",
        "inputs",
        "msg",
        "message",
        "expected",
        "actual",
        "buf",
        "data_",
    }
    | set(dir(__import__("builtins")))
)
_WEAK_LABEL_NAMES = frozenset({"y", "Y", "target", "label", "truth", "gt"})


def _says_label(name: str, labels: frozenset, ml_code: bool) -> bool:
    """Whether storing into `name` tells us what the label is (bare `y`/`target` only in ML code)."""
    if name in _WEAK_LABEL_NAMES and name not in labels:
        return ml_code
    return is_label_name(name, labels)


def _expand_val(value: Val, lookup) -> Val:
    """Replace parameter keys in a value, keeping a passed object's columns as columns.

    `lookup(index)` gives `(argument value, hop step or None)` or `None`. Only whole-parameter
    keys (`("p", i)`, "this is the argument itself") carry the argument's columns over; without
    that, returning a DataFrame argument would smear its label column over every other column.
    """
    out_t: dict = {}
    out_cols: dict | None = None
    for key, (rank, hops) in value.t.items():
        if key[0] == "src":
            union_into(out_t, {key: (rank, hops)})
            continue
        found = lookup(key[1])
        if found is None:
            continue
        arg, step = found
        middle = (step,) if step is not None else ()
        if key[0] == "p":
            source = dict(arg.t)
            if arg.items:
                for item in arg.items:
                    union_into(source, as_beside(item) if len(arg.items) > 1 else item)
            if arg.cols:
                if out_cols is None:
                    out_cols = {}
                for col, taint in arg.cols.items():
                    mine = out_cols.setdefault(col, {})
                    for key2, (rank2, hops2) in taint.items():
                        union_into(mine, {key2: (combine_rank(rank, rank2), hops2 + middle + hops)})
        else:
            source = _param_view(arg, key)
        for key2, (rank2, hops2) in source.items():
            union_into(out_t, {key2: (combine_rank(rank, rank2), hops2 + middle + hops)})

    def taint_only(taint: dict) -> dict:
        return _expand_val(Val(taint), lookup).collapse()

    items = [taint_only(i) for i in value.items] if value.items is not None else None
    if value.cols:
        if out_cols is None:
            out_cols = {}
        for col, taint in value.cols.items():
            union_into(out_cols.setdefault(col, {}), taint_only(taint))
    return Val(out_t, items, out_cols or None, value.zipped)


class _LabelNames:
    """The label predicate of the solver running now (set in `Solver.run`; one solve at a time)."""

    labels: frozenset = frozenset()

    def is_label(self, name: str) -> bool:
        return is_label_name(name, self.labels)


_LABELS = _LabelNames()


def _param_view(arg: Val, key: tuple) -> dict:
    """What a parameter key means given the value a caller passed."""
    if key[0] == "p":
        return arg.collapse()
    out = dict(arg.t)
    if arg.items:
        for item in arg.items:
            union_into(out, as_beside(item) if len(arg.items) > 1 else item)
    if key[0] == "pc":
        if arg.cols and key[2] in arg.cols:
            union_into(out, arg.cols[key[2]])
        return out
    if arg.cols:  # "pn": the columns that are not the label
        for col, taint in arg.cols.items():
            if not _LABELS.is_label(col):
                union_into(out, taint)
    return out


def _calls(node):
    """Every call node inside a statement or expression tuple."""
    stack = [node]
    while stack:
        item = stack.pop()
        if type(item) is not tuple:
            continue
        if item and item[0] == "c" and len(item) == 8 and type(item[4]) is tuple:
            yield item
        stack.extend(x for x in item if type(x) is tuple)


def _root(expr):
    """The variable an lvalue or receiver expression mutates: ("v", name) or ("self", attr)."""
    while expr is not None:
        tag = expr[0]
        if tag == "n":
            return ("v", expr[1])
        if tag == "a":
            if expr[1] is not None and expr[1][0] == "n" and expr[1][1] == "self":
                return ("self", expr[2])
            expr = expr[1]
        elif tag == "s":
            expr = expr[1]
        elif tag == "c" and expr[3] is not None and expr[2] in RECEIVER_ONLY_METHODS:
            expr = expr[3]
        else:
            return None
    return None


class _Context:
    """Evaluates one function's statements against the solver's current summaries."""

    __slots__ = ("ctrl", "end", "func", "ir", "line", "mod", "module_func", "path", "solver")

    def __init__(self, solver: Solver, func: _Func):
        self.solver = solver
        self.func = func
        self.ir = func.ir
        self.mod = func.mod
        self.path = func.mod.path
        self.line = func.ir.line
        self.end = func.ir.line
        self.module_func = solver.funcs[(func.mod.module_name, "<module>")]
        self.ctrl: tuple = ()

    # ----- environment -------------------------------------------------------------------
    def lookup(self, name: str) -> Val | None:
        for frame in reversed(self.solver._lambda_env):
            if name in frame or _base(name) in frame:
                return frame.get(name) or frame[_base(name)]
        ir = self.ir
        if name in ir.local_names or name in ir.global_names:
            if name in ir.const_names:
                return None
            if name in ir.global_names:
                return self.module_func.env.get(name) or Val()
            return self.func.env.get(name) or Val()
        parent = ir.parent
        while parent:
            outer = self.solver.funcs.get((self.mod.module_name, parent))
            if outer is None:
                break
            if name in outer.ir.local_names:
                if name in outer.ir.const_names:
                    return None
                captured = outer.env.get(name)
                # the enclosing function's parameters mean what its callers pass, not ours
                return self.solver.conc_val(captured, outer) if captured is not None else Val()
            parent = outer.ir.parent
        top = self.module_func
        if name in top.ir.local_names:
            if name in top.ir.const_names:
                return None  # `TARGET = "y"`: a column name, not data
            if name in self.mod.imports:
                resolved = self.solver._import_target(self.mod, self.mod.imports[name])
                if resolved is not None and resolved[0] == "global":
                    other = self.solver.funcs.get((resolved[1].module_name, "<module>"))
                    if other is not None and resolved[2] in other.ir.local_names:
                        return other.env.get(resolved[2]) or Val()
                return Val()
            return top.env.get(name) or Val()
        if len(name) > 2 and name.isupper():
            return None
        return Val()

    def _env_for(self, name: str) -> dict:
        ir = self.ir
        if name in ir.global_names:
            return self.module_func.env
        if name in ir.local_names:
            return self.func.env
        parent = ir.parent
        while parent:
            outer = self.solver.funcs.get((self.mod.module_name, parent))
            if outer is None:
                break
            if name in outer.ir.local_names:
                return outer.env
            parent = outer.ir.parent
        if name in self.module_func.ir.local_names:
            return self.module_func.env
        return self.func.env

    def _store(self, name: str, value: Val, mutation: bool = False) -> None:
        env = self._env_for(name)
        if env is not self.func.env and self.ir.params:
            value = self.solver.conc_val(value, self.func)  # globals hold concrete values
        current = env.get(name)
        if current is None:
            current = env[name] = Val()
        if current.merge(value):
            self.solver.local_changed = True
            if (
                env is not self.func.env or self.func is self.module_func
            ):  # a global or a closure's variable
                self.solver.push_module(self.mod.module_name, _base(name))
        if "@" in name:  # closures and module readers see the union of all versions
            whole = env.get(_base(name))
            if whole is None:
                whole = env[_base(name)] = Val()
            if whole.merge(value) and self.ir.nested:
                self.solver.push_module(self.mod.module_name, _base(name))
        if mutation and name in self.ir.params and env is self.func.env:
            self._note_mutation(self.ir.params.index(name), value)

    def _note_mutation(self, index: int, value: Val) -> None:
        """Summarise a write into parameter `index`, keeping columns apart (`df["rate"] = ...`)."""

        def foreign(taint: dict) -> dict:
            return {k: v for k, v in taint.items() if not (k[0] != "src" and k[1] == index)}

        written = Val(
            foreign(value.collapse() if value.items is not None else value.t),
            cols={k: foreign(v) for k, v in value.cols.items()} if value.cols else None,
        )
        if written.is_clean():
            return
        current = self.func.mut.get(index)
        if current is None:
            current = self.func.mut[index] = Val()
        if current.merge(written):
            self.solver.push_callers(self.func)

    def _store_attr(self, attr: str, value: Val, class_qual: str | None = None) -> None:
        cls = class_qual or self.ir.class_qualname
        if cls is None:
            return
        table = self.solver.attrs.setdefault((self.mod.module_name, cls), {})
        current = table.get(attr)
        if current is None:
            current = table[attr] = Val()
        concrete = self.solver.conc_val(value, self.func)
        if current.merge(concrete):
            self.solver.push_class((self.mod.module_name, cls))

    def _attr_value(self, attr: str, class_qual: str) -> Val | None:
        mod = self.mod
        seen = 0
        while class_qual and seen < 6:
            table = self.solver.attrs.get((mod.module_name, class_qual))
            if table and attr in table:
                return table[attr]
            cls = mod.classes.get(class_qual)
            class_qual = next((b for b in cls.bases if b in mod.classes), None) if cls else None
            seen += 1
        return None

    def _step(self, description: str, sink: bool = False) -> tuple:
        return (description, self.path, self.line, sink)

    def _source(self, name: str) -> dict:
        return {
            ("src", name, self.path, self.line): (DIRECT, ((name, self.path, self.line, False),))
        }

    def ctrl_taint(self, ctrl: tuple) -> dict:
        out: dict = {}
        for test in ctrl:
            value = self.eval(test)
            if value is not None:
                union_into(out, {k: v for k, v in value.collapse().items() if v[0] > BESIDE})
        return out

    # ----- statements ----------------------------------------------------------------------
    def stmt(self, stmt: tuple) -> None:
        tag = stmt[0]
        self.line = stmt[4] if tag == "b" else stmt[3]
        self.end = stmt[5] if tag == "b" else stmt[4]
        self.ctrl = stmt[3] if tag == "b" else stmt[2]
        if tag == "b":
            _, target, value_expr, ctrl, _, _, nonlabel = stmt
            value = self.eval(value_expr)
            ctrl_t = self.ctrl_taint(ctrl) if ctrl else {}
            self.bind(target, value, ctrl_t, nonlabel, value_expr is None)
        elif tag == "e":
            self.eval(stmt[1])
        elif tag == "r":
            _, expr, ctrl, _, _, is_none = stmt
            if expr is not None and expr[0] == "n":
                self._note_returned_function(_base(expr[1]))
            value = self.eval(expr)
            value = value.copy() if value is not None else Val()
            if ctrl and not is_none and self.func.ret_count > 1:
                union_into(value.t, with_rank(self.ctrl_taint(ctrl), DERIVED))
            if self.func.feature_function:
                taint = value.collapse()
                self.solver.add_sink(self.func, self.line, self.end, "feature vector", taint)
                step = self._step("feature vector", sink=True)
                value = Val(with_hop({k: v for k, v in taint.items()}, step))
            if self.func.ret.merge(value):
                self.solver.push_callers(self.func)

    def bind(
        self, target, value: Val | None, ctrl_t: dict, nonlabel: bool, value_is_const: bool
    ) -> None:
        if target is None:
            return
        kind = target[0]
        if kind == "v":
            name = target[1]
            base = _base(name)
            sink = is_feature_name(base)
            new = Val() if value is None else value.copy()
            if ctrl_t and self.ir.def_counts.get(base, 0) > 1:
                union_into(new.t, with_rank(ctrl_t, DERIVED))
            if sink:
                self.solver.add_sink(self.func, self.line, self.end, base, new.collapse())
            step = self._step(base, sink)
            new = _hop_val(new, step)
            if (
                not nonlabel
                and self.solver.is_label(base)
                and not _is_constant_name(base, self.solver.config.labels)
                and (
                    self.func.ml
                    or base not in _WEAK_LABEL_NAMES
                    or base in self.solver.config.labels
                    or base in self.solver.inferred
                )
            ):
                union_into(new.t, self._source(base))
            self._store(name, new)
        elif kind == "u":
            parts = target[1]
            if (
                value is not None
                and value.items is not None
                and len(value.items) == len(parts)
                and not any(p and p[0] == "star" for p in parts)
            ):
                for position, (part, item) in enumerate(zip(parts, value.items)):
                    piece = dict(value.t)
                    union_into(piece, item)
                    self.bind(
                        part, Val(piece), ctrl_t, _part_nonlabel(nonlabel, position), value_is_const
                    )
            else:
                whole = (
                    None
                    if value is None
                    else Val(value.collapse(), cols=value.cols and dict(value.cols))
                )
                for position, part in enumerate(parts):
                    if part is not None and part[0] == "star":
                        part = part[1]
                    self.bind(
                        part, whole, ctrl_t, _part_nonlabel(nonlabel, position), value_is_const
                    )
        elif kind == "ca":
            if value is not None:
                self._store_attr(target[2], _hop_val(value, self._step(target[2])), target[1])
        elif kind == "a":
            base, attr = target[1], target[2]
            new = Val() if value is None else value.copy()
            if ctrl_t and (value_is_const or is_feature_name(attr)):
                union_into(new.t, with_rank(ctrl_t, DERIVED))
            sink = is_feature_name(attr)
            if sink:
                self.solver.add_sink(
                    self.func, self.line, self.end, f"{_describe(base)}.{attr}", new.collapse()
                )
            new = _hop_val(new, self._step(f"{_describe(base)}.{attr}", sink))
            if base is not None and base[0] == "n" and base[1] == "self":
                self._store_attr(attr, new)
            else:
                root = _root(base)
                if root is not None and not new.is_clean():
                    self._mutate(root, Val(cols={attr: new.collapse()}))
        elif kind == "s":
            _, base, str_key, index, mask = target
            extra: dict = {}
            for part in (index, mask):
                part_val = self.eval(part)
                if part_val is not None:
                    chosen = unselect(part_val.collapse())  # writing at the selected positions
                    union_into(
                        extra,
                        with_rank({k: v for k, v in chosen.items() if v[0] > BESIDE}, DERIVED),
                    )
            root = _root(base)
            new = Val() if value is None else Val(value.collapse())
            if ctrl_t and (
                value_is_const or (root is not None and is_feature_name(_base(root[1])))
            ):
                union_into(new.t, with_rank(ctrl_t, DERIVED))
            union_into(new.t, extra)
            if root is None:
                return
            shown = _describe(base)
            sink = is_feature_name(_base(root[1]))
            if sink:
                self.solver.add_sink(self.func, self.line, self.end, shown, new.t)
            new_t = with_hop(
                new.t, self._step(shown if str_key is None else f"{shown}[{str_key!r}]", sink)
            )
            if str_key is not None:
                # assigning the label column defines the label; reading it back is the source
                self._mutate(root, Val(cols={str_key: new_t}))
            else:
                self._mutate(root, Val(new_t))

    def _mutate(self, root: tuple, value: Val) -> None:
        if root[0] == "self":
            self._store_attr(root[1], value)
        else:
            self._store(root[1], value, mutation=True)

    # ----- expressions -----------------------------------------------------------------------
    def eval(self, expr) -> Val | None:
        if expr is None:
            return None
        tag = expr[0]
        if tag == "n":
            return self.lookup(expr[1])
        if tag == "c":
            return self.call(expr)
        if tag == "a":
            return self.attribute(expr)
        if tag == "s":
            return self.subscript(expr)
        if tag == "o":
            return self.combine([self.eval(p) for p in expr[1]])
        if tag == "t":
            return Val(items=[self._collapse(self.eval(i)) for i in expr[1]])
        if tag == "l":
            if len(expr[1]) == 2 and _looks_like_pair(expr[1]):
                return Val(items=[self._collapse(self.eval(i)) for i in expr[1]])
            out: dict = {}
            for item in expr[1]:
                value = self.eval(item)
                if value is not None:
                    union_into(out, value.collapse())
            return Val(out)
        if tag == "d":
            cols: dict = {}
            flat: dict = {}
            for key, item in expr[1]:
                value = self.eval(item)
                if value is None:
                    continue
                taint = value.collapse()
                if key is None:
                    union_into(flat, taint)
                elif self.solver.is_label(key):
                    cols[key] = as_beside(taint)
                else:
                    cols[key] = taint
            return Val(flat, cols=cols or None)
        if tag == "if":
            test = self.eval(expr[1])
            body = self.eval(expr[2])
            orelse = self.eval(expr[3])
            out = Val()
            out.merge(body)
            out.merge(orelse)
            if test is not None:
                test_t = {k: v for k, v in test.collapse().items() if v[0] > BESIDE}
                if body is None and orelse is None:
                    union_into(out.t, test_t)
                else:
                    union_into(out.t, with_rank(test_t, DERIVED))
            return out
        if tag == "it":
            return _element(self.eval(expr[1]))
        if tag == "sel":
            value = self.eval(expr[1])
            out = value.copy() if value is not None else Val()
            for cond in expr[2]:
                chooser = self.eval(cond)
                if chooser is not None:
                    union_into(out.t, as_selected(chooser.collapse()))
            return out
        if tag == "in":
            element = self.eval(expr[1])
            container = self.eval(expr[2])
            if container is not None:
                container = Val(unselect(container.collapse()))
            return self.combine([element, container])
        if tag == "lam":
            return self._lambda(expr, None)
        if tag == "gb":
            return self.groupby(expr)
        return None

    def _collapse(self, value: Val | None) -> dict:
        return {} if value is None else value.collapse()

    def combine(self, parts: list) -> Val | None:
        """An operator's result: DIRECT only while every non-constant operand is that label."""
        live = [p.collapse() for p in parts if p is not None]
        if not live:
            return None
        if len(live) == 1:
            return Val(dict(live[0]))
        out: dict = {}
        for taint in live:
            for key, (rank, hops) in taint.items():
                if rank <= BESIDE:
                    old = out.get(key)
                    if old is None or old[0] < rank:
                        out[key] = (rank, hops)
                    continue
                everywhere = all(key in other and other[key][0] == DIRECT for other in live)
                new_rank = DIRECT if everywhere and rank == DIRECT else DERIVED
                old = out.get(key)
                if old is None or old[0] < new_rank:
                    out[key] = (new_rank, hops)
        return Val(out)

    def attribute(self, expr) -> Val | None:
        _, base, attr = expr
        if (
            base is not None
            and base[0] == "n"
            and base[1] in ("self", "cls")
            and self.ir.class_qualname
        ):
            stored = self._attr_value(attr, self.ir.class_qualname)
            out = stored.copy() if stored is not None else Val()
            if is_label_attr(attr, self.solver.labels):
                union_into(out.t, self._source(attr))
            return out
        if (
            base is not None
            and base[0] == "n"
            and base[1] in self.mod.imports
            and base[1] not in self.ir.local_names
        ):
            resolved = self.solver._import_target(self.mod, self.mod.imports[base[1]])
            if resolved is not None and resolved[0] == "module":
                other = self.solver.funcs.get((resolved[1].module_name, "<module>"))
                if (
                    other is not None
                    and attr in other.ir.local_names
                    and attr not in other.ir.const_names
                ):
                    return (other.env.get(attr) or Val()).copy()
                return None
        if attr in METADATA_ATTRS:
            return Val()
        value = self.eval(base)
        if attr in _TRANSPARENT_ATTRS:
            return value
        out = Val(_field(value, attr) if value is not None else {})
        if is_label_attr(attr, self.solver.labels) and not _is_config_object(base):
            source = self._source(attr)
            union_into(out.t, source)
            root = _root(base)
            if root is not None and root[0] == "v":
                self._store(root[1], Val(cols={attr: source}))
        return out

    def subscript(self, expr) -> Val | None:
        _, base_expr, str_keys, int_key, index, mask = expr
        if not str_keys and index is not None and index[0] == "n":
            str_keys = self.solver.const_keys(self.mod, index[1])
            if str_keys:
                index = None
        base = self.eval(base_expr)
        if base is None:
            base = Val()
        if str_keys:
            out: dict = {}
            settings = _is_config_object(base_expr)
            for key in str_keys:
                union_into(out, _field(base, key))
                if self.solver.is_label(key) and not settings:
                    source = self._source(key)
                    union_into(out, source)
                    root = _root(base_expr)
                    if root is not None and root[0] == "v":
                        self._store(root[1], Val(cols={key: source}))
            return Val(out)
        if (
            int_key is not None
            and base.items is not None
            and -len(base.items) <= int_key < len(base.items)
        ):
            out = dict(base.t)
            union_into(out, base.items[int_key])
            return Val(out)
        out = _rows(base)
        if index is not None:
            index_val = self.eval(index)
            if index_val is not None:
                index_t = {k: v for k, v in index_val.collapse().items() if v[0] > BESIDE}
                union_into(out.t, with_rank(index_t, DERIVED) if not out.is_clean() else index_t)
        return out

    def groupby(self, expr) -> Val:
        _, frame_expr, keys, key_names, cols, method, args = expr
        frame = self.eval(frame_expr) or Val()
        if method in GROUP_SELECT_METHODS:
            return _rows(frame)
        if method == "$lag":
            return Val()  # each group's earlier rows: an autoregressive feature, not the label
        key_t: dict = {}
        for key in keys:
            value = self.eval(key)
            if value is not None:
                union_into(key_t, value.collapse())
        for name in key_names:
            union_into(key_t, _field(frame, name))
            if self.solver.is_label(name):
                union_into(key_t, self._source(name))
        out: dict = {}
        if cols:
            for col in cols:
                union_into(out, _field(frame, col))
                if self.solver.is_label(col):
                    union_into(out, self._source(col))
        else:
            union_into(out, _rows(frame).t)
        union_into(out, with_rank({k: v for k, v in key_t.items() if v[0] > BESIDE}, DERIVED))
        for arg in args:
            value = self.eval(arg)
            if value is not None:
                union_into(out, value.collapse())
        return Val(with_rank(out, DERIVED) if key_t or cols else out)

    def _lambda(self, expr, element: Val | None) -> Val | None:
        _, params, body = expr
        frame = {}
        for name in params:
            bound = element.copy() if element is not None else Val()
            if self.solver.is_label(name) and element is None:
                union_into(bound.t, self._source(name))
            frame[name] = bound
        self.solver._lambda_env.append(frame)
        try:
            return self.eval(body)
        finally:
            self.solver._lambda_env.pop()

    # ----- calls -----------------------------------------------------------------------------
    def call(self, expr) -> Val | None:
        _, dotted, last, recv_expr, arg_exprs, stars, kwarg_exprs, drop_cols = expr
        solver = self.solver
        if last in solver.truth_last:
            for arg in arg_exprs:
                self.eval(arg)
            name = f"{last}()"
            return Val(
                {
                    ("src", name, self.path, self.line): (
                        DIRECT,
                        ((name, self.path, self.line, False),),
                    )
                }
            )
        resolved = solver.resolve(self.func, dotted, last, recv_expr is not None)
        callee, shift = solver._callee_func(resolved)
        if callee is not None:
            return self.call_in_tree(callee, shift, resolved, arg_exprs, stars, kwarg_exprs)
        if (
            resolved is None
            and dotted
            and recv_expr is None
            and "." not in dotted
            and dotted in self.ir.local_names
        ):
            through = self.call_local_function(dotted, arg_exprs, stars, kwarg_exprs)
            if through is not None:
                return through
        if resolved is not None and resolved[0] == "class":
            for arg in arg_exprs:
                self.eval(arg)
            return Val()
        # Named in-tree functions passed to map/apply run on the elements, like lambdas below.
        if (
            arg_exprs
            and arg_exprs[0] is not None
            and arg_exprs[0][0] == "n"
            and (
                (last == "map" and recv_expr is None and len(arg_exprs) > 1)
                or (last in _LAMBDA_METHODS and recv_expr is not None)
            )
        ):
            name = _base(arg_exprs[0][1])
            target = solver.resolve(self.func, name, name, False)
            mapped, mapped_shift = solver._callee_func(target)
            if mapped is not None and target[0] == "func" and mapped_shift == 0:
                elements = (
                    tuple(("it", e) for e in arg_exprs[1:])
                    if recv_expr is None
                    else (("it", recv_expr),)
                )
                solver.link_call(mapped, self.func)
                return self.call_in_tree(mapped, 0, target, elements, (False,) * len(elements), ())
        # Lambdas passed to map/apply run on the elements of the mapped collection.
        if arg_exprs and arg_exprs[0] is not None and arg_exprs[0][0] == "lam":
            if last == "map" and recv_expr is None and len(arg_exprs) > 1:
                return self._lambda(arg_exprs[0], _element(self.eval(arg_exprs[1])))
            if last in _LAMBDA_METHODS and recv_expr is not None:
                return self._lambda(arg_exprs[0], _element(self.eval(recv_expr)))
        recv = self.eval(recv_expr) if recv_expr is not None else None
        args = [self.eval(a) for a in arg_exprs]
        kwargs = {k: v for k, v in kwarg_exprs if k}

        def kwarg(name):
            return self.eval(kwargs[name]) if name in kwargs else None

        first = args[0] if args else None
        if recv_expr is not None and last in ESTIMATOR_SINK_METHODS:
            consumed = first if args else (kwarg("X") or kwarg("x"))
            step = self._sink(f"{last}() features", consumed)
            if last in ("fit", "partial_fit", "score"):
                return Val()
            if last == "fit_resample":
                return Val(items=[with_hop(self._collapse(a), step) for a in args[:2]])
            return Val(with_hop(self._collapse(consumed), step))
        if last in CV_FUNCTIONS:
            consumed = args[1] if len(args) > 1 else kwarg("X")
            self._sink(f"{last}() features", consumed)
            return Val()
        if last in DATASET_CTORS or (last == "Dataset" and "label" in kwargs):
            consumed = first if args else kwarg("data")
            step = self._sink(f"{last}() features", consumed)
            return Val(with_hop(self._collapse(consumed), step))
        if last in TENSOR_DATASETS:
            step = self._sink(f"{last}() features", first)
            items = [self._collapse(a) for a in args]
            if items:
                items[0] = with_hop(items[0], step)
            return Val(items=items, zipped=True)
        if (
            is_model_callee(last)
            and (recv_expr is not None or (dotted and "." not in dotted))
            and args
        ):
            step = self._sink(f"{dotted or last}() input", first)
            return Val(with_hop(self._collapse(first), step))
        if last in SPLIT_FUNCTIONS:
            items = []
            for arg, star in zip(args, stars):
                taint = self._collapse(arg)
                items.extend((taint, taint))
            return Val(items=items)
        if last in RESAMPLE_FUNCTIONS and recv_expr is None:
            if len(args) == 1:
                return args[0]
            return Val(items=[self._collapse(a) for a in args])
        if (
            recv_expr is not None
            and last in MUTATING_METHODS
            and not (recv_expr[0] == "n" and recv_expr[1] in self.mod.imports)
        ):
            self._mutating_call(recv_expr, last, args, arg_exprs)
            return None
        if (
            recv_expr is not None
            and last in ("merge", "join", "combine_first", "assign")
            and not (recv_expr[0] == "n" and recv_expr[1] in self.mod.imports)
        ):
            out = recv.copy() if recv is not None else Val()
            for value in (
                *args,
                *(
                    self.eval(v)
                    for k, v in kwarg_exprs
                    if k not in ("on", "how", "left_on", "right_on", "suffixes", "validate", "sep")
                ),
            ):
                if value is not None:
                    if value.cols:
                        out.merge(Val(cols=value.cols))
                    union_into(out.t, value.collapse() if value.items else value.t)
            return out
        if last == "$lag":
            return Val()  # `s.shift(k)`, k >= 1: earlier rows only (a lagged target is past data)
        if last in _POSITION_FUNCTIONS or (last == "where" and len(args) == 1 and not kwargs):
            # the positions of matching rows: which examples, not a value computed from them
            chosen: dict = {}
            for part in (*args, recv):
                if part is not None:
                    union_into(chosen, as_selected(part.collapse()))
            return Val(chosen)
        if last in _MEMBERSHIP_FUNCTIONS:
            return self.combine(
                [Val(unselect(p.collapse())) if p is not None else None for p in (recv, *args)]
            )
        if is_sanitizer(last):
            return Val()
        if (
            last == "dict"
            and recv_expr is None
            and len(args) == 1
            and first is not None
            and first.zipped
            and first.items is not None
            and len(first.items) == 2
        ):
            # dict(zip(keys, values)): a lookup table of the values, not (features, label) pairs
            table = dict(first.t)
            for item in first.items:
                union_into(table, item)
            return Val(table)
        if last == "zip":
            return Val(items=[self._collapse(_element(a)) for a in args], zipped=True)
        if last == "enumerate" and recv_expr is None:
            return Val(items=[{}, self._collapse(_element(first))], zipped=True)
        if last == "filter" and recv_expr is None and len(args) > 1:
            return _element_list(args[1])
        if last == "where" and len(args) == 3:
            cond = self._collapse(args[0])
            out = Val(with_rank({k: v for k, v in cond.items() if v[0] > BESIDE}, DERIVED))
            for branch in (args[1], args[2]):
                if branch is not None:
                    union_into(out.t, branch.collapse())
            return out
        if last == "drop" and recv_expr is not None:
            return _drop(recv, drop_cols, solver, self.mod)
        if recv_expr is not None and last == "get" and recv is not None:
            return Val(unselect(recv.collapse()))  # present only where the label selected it
        if recv_expr is not None and last in RECEIVER_ONLY_METHODS:
            return recv.copy() if recv is not None else None
        if last in _STRUCTURE_KEEPING and first is not None:
            return first.copy()
        if (
            last in STACK_FUNCTIONS
            and first is not None
            and first.items is not None
            and len(args) == 1
        ):
            # np.hstack((X, y)): the tuple is the list of arrays to join, not a pair
            out = dict(first.t)
            for item in first.items:
                union_into(out, item)
            return Val(out)
        if last in STACK_FUNCTIONS or last in (
            "DataFrame",
            "Series",
            "array",
            "asarray",
            "tensor",
            "as_tensor",
            "from_numpy",
            "list",
            "tuple",
            "dict",
            "set",
            "sorted",
            "reversed",
            "iter",
            "next",
            "stack",
            "Tensor",
            "FloatTensor",
            "LongTensor",
            "concat",
        ):
            if len(args) == 1 and first is not None:
                return first.copy() if last in _STRUCTURE_KEEPING else Val(first.collapse())
            return self.combine(args)
        parts = list(args)
        if recv is not None:
            parts.append(recv)
        return self.combine(parts)

    def _sink(self, description: str, value: Val | None) -> tuple:
        """Record a sink; the returned hop marks what flows on from it as already reported."""
        if value is not None:
            self.solver.add_sink(self.func, self.line, self.end, description, value.collapse())
        return self._step(description, sink=True)

    def _mutating_call(self, recv_expr, method, args, arg_exprs) -> None:
        root = _root(recv_expr)
        if root is None:
            return
        added: dict = {}
        cols = None
        for value in args:
            if value is None:
                continue
            if method == "update" and value.cols:
                cols = {k: dict(v) for k, v in value.cols.items()}
                union_into(added, value.t)
            else:
                union_into(added, value.collapse())
        ir = self.ir
        if any(e is None for e in arg_exprs) and arg_exprs:
            # appending a constant under a label-dependent branch encodes the label
            ctrl = self._current_ctrl()
            if ctrl:
                union_into(added, with_rank(ctrl, DERIVED))
        if not added and not cols:
            return
        name = _base(root[1])
        sink = is_feature_name(name)
        description = f"{_describe(recv_expr)}.{method}()"
        if sink:
            sunk = dict(added)
            for taint in (cols or {}).values():
                union_into(sunk, taint)
            self.solver.add_sink(self.func, self.line, self.end, description, sunk)
        step = self._step(description, sink)
        value = Val(
            with_hop(added, step),
            cols={k: with_hop(v, step) for k, v in cols.items()} if cols else None,
        )
        self._mutate(root, value)
        del ir

    def _current_ctrl(self) -> dict:
        return self.ctrl_taint(self.ctrl) if self.ctrl else {}

    def _note_returned_function(self, name: str) -> None:
        """`return inner` in a factory: callers that bind the result can call `inner`."""
        qual = self.ir.nested.get(name)
        if qual is None:
            return
        key = (self.mod.module_name, qual)
        if key in self.solver.funcs and key not in self.func.ret_funcs:
            self.func.ret_funcs.add(key)
            self.solver.push_callers(self.func)

    def _function_bindings(self) -> dict:
        """Local names bound to a lambda, a nested def or a call (maybe a factory), from the IR."""
        table = self.func.fvars
        if table is None:
            table = self.func.fvars = {}
            for stmt in self.ir.stmts:
                if (
                    stmt[0] == "b"
                    and stmt[1] is not None
                    and stmt[1][0] == "v"
                    and stmt[2] is not None
                    and stmt[2][0] in ("lam", "c", "n")
                ):
                    table.setdefault(_base(stmt[1][1]), []).append(stmt[2])
        return table

    def call_local_function(self, name: str, arg_exprs, stars, kwarg_exprs) -> Val | None:
        """`row = make_row_builder(labels); row(i)` or `to_row = lambda i: ...; to_row(i)`."""
        bindings = self._function_bindings().get(name)
        if not bindings:
            return None
        solver = self.solver
        out: Val | None = None
        for value_expr in bindings:
            result = None
            if value_expr[0] == "lam":
                result = self._call_lambda(value_expr, arg_exprs, kwarg_exprs)
            else:
                targets = []
                if value_expr[0] == "n" and _base(value_expr[1]) in self.ir.nested:
                    targets.append((self.mod.module_name, self.ir.nested[_base(value_expr[1])]))
                elif value_expr[0] == "c":
                    factory, _ = solver._callee_func(
                        solver.resolve(
                            self.func, value_expr[1], value_expr[2], value_expr[3] is not None
                        )
                    )
                    if factory is not None:
                        targets.extend(sorted(factory.ret_funcs))
                for key in targets:
                    inner = solver.funcs[key]
                    solver.link_call(inner, self.func)
                    got = self.call_in_tree(
                        inner,
                        0,
                        ("func", inner.mod, inner.ir.qualname, 0),
                        arg_exprs,
                        stars,
                        kwarg_exprs,
                    )
                    if result is None:
                        result = got
                    else:
                        result.merge(got)
            if result is not None:
                if out is None:
                    out = result.copy()
                else:
                    out.merge(result)
        return out

    def _call_lambda(self, lam, arg_exprs, kwarg_exprs) -> Val | None:
        _, params, body = lam
        frame = {name: Val() for name in params}
        for name, arg in zip(params, arg_exprs):
            value = self.eval(arg)
            if value is not None:
                frame[name] = value.copy()
        for name, arg in kwarg_exprs:
            if name in frame:
                value = self.eval(arg)
                if value is not None:
                    frame[name] = value.copy()
        self.solver._lambda_env.append(frame)
        try:
            return self.eval(body)
        finally:
            self.solver._lambda_env.pop()

    def call_in_tree(
        self, callee: _Func, shift: int, resolved, arg_exprs, stars, kwarg_exprs
    ) -> Val:
        params = callee.ir.params
        mapping: dict[int, Val] = {}

        def put(index: int, value: Val | None) -> None:
            if value is None or index >= len(params):
                return
            if index in mapping:
                mapping[index] = mapping[index].copy()
                mapping[index].merge(value)
            else:
                mapping[index] = value

        position = shift
        extra: list = []  # what lands in *args keeps its positions, like a tuple
        for arg_expr, star in zip(arg_exprs, stars):
            value = self.eval(arg_expr)
            if star:
                for index in range(shift, len(params)):
                    put(index, value)
                continue
            if callee.ir.vararg is not None and position >= callee.ir.vararg:
                extra.append(value)
            else:
                put(position, value)
            position += 1
        if extra and any(v is not None for v in extra):
            put(callee.ir.vararg, Val(items=[self._collapse(v) for v in extra]))
        for name, value_expr in kwarg_exprs:
            value = self.eval(value_expr)
            if name is None:
                for index in range(shift, len(params)):
                    put(index, value)
            elif name in params:
                put(params.index(name), value)
            elif callee.ir.kwarg is not None:
                put(callee.ir.kwarg, value)
        name = (
            callee.ir.name
            if callee.ir.name != "__init__"
            else (callee.ir.class_qualname or "").rsplit(".", 1)[-1]
        )
        steps = {}
        for index, value in mapping.items():
            step = self._step(f"{name}({params[index]}=...)")
            steps[index] = step
            concrete = _hop_val(self.solver.conc_val(value, self.func), step)
            current = callee.incoming.get(index)
            if current is None:
                current = callee.incoming[index] = Val()
            if current.merge(concrete):
                self.solver.push(callee)
                self.solver.push_nested(callee)
        # mutated arguments flow back into the caller's variables
        for index, written in callee.mut.items():
            if index < len(arg_exprs) + shift and index >= shift:
                root = _root(arg_exprs[index - shift])
                if root is not None:
                    cols = (
                        {k: _substitute(v, mapping, steps) for k, v in written.cols.items()}
                        if written.cols
                        else None
                    )
                    self._mutate(root, Val(_substitute(written.t, mapping, steps), cols=cols))
        if resolved[0] == "class":
            return Val()
        return _expand_val(callee.ret, lambda i: (mapping[i], steps[i]) if i in mapping else None)


_STDLIB = frozenset(getattr(__import__("sys"), "stdlib_module_names", ())) | {"__future__"}


def _imports_third_party(mod: ModuleFacts) -> bool:
    """Whether the module imports anything outside the standard library (its project, numpy...)."""
    for module, _attr, level in mod.imports.values():
        if level or (module and module.split(".")[0] not in _STDLIB):
            return True
    return False


def _is_constant_name(name: str, configured) -> bool:
    """`TARGET`, `LABEL_COL`: upper case names a setting (a column, a path), never the label's values."""
    return len(name) > 2 and name.isupper() and name not in configured


def _part_nonlabel(nonlabel, position: int) -> bool:
    """`nonlabel` is one flag for the whole target, or one per element (`enumerate`'s counter)."""
    if type(nonlabel) is tuple:
        return nonlabel[position] if position < len(nonlabel) else False
    return nonlabel


def _substitute(taint: dict, mapping: dict, steps: dict) -> dict:
    out: dict = {}
    for key, (rank, hops) in taint.items():
        if key[0] == "src":
            union_into(out, {key: (rank, hops)})
            continue
        arg = mapping.get(key[1])
        if arg is None:
            continue
        step = steps[key[1]]
        for key2, (rank2, hops2) in _param_view(arg, key).items():
            union_into(out, {key2: (combine_rank(rank, rank2), hops2 + (step,) + hops)})
    return out


def _hop_val(value: Val, step: tuple) -> Val:
    return Val(
        with_hop(value.t, step),
        [with_hop(i, step) for i in value.items] if value.items is not None else None,
        {k: with_hop(v, step) for k, v in value.cols.items()} if value.cols else None,
        value.zipped,
    )


def _field(value: Val, name: str) -> dict:
    """`value[name]` / `value.name`: the whole-object taint plus that column, parameters narrowed."""
    out: dict = {}
    for key, entry in value.t.items():
        if key[0] == "p" or key[0] == "pn":
            out[("pc", key[1], name)] = entry
        else:
            out[key] = entry
    if value.cols and name in value.cols:
        union_into(out, value.cols[name])
    return out


def _rows(value: Val) -> Val:
    """A row selection or slice: keeps every column except label columns."""
    out: dict = {}
    for key, entry in value.t.items():
        out[("pn", key[1]) if key[0] == "p" else key] = entry
    if value.items:
        for item in value.items:
            union_into(out, as_beside(item) if len(value.items) > 1 else item)
    cols = None
    if value.cols:
        cols = {k: dict(v) for k, v in value.cols.items() if not _LABELS.is_label(k)}
    return Val(out, cols=cols)


def _element(value: Val | None) -> Val | None:
    """One element of an iterable: rows keep their columns; zipped values keep positions."""
    if value is None:
        return None
    if value.zipped and value.items is not None:
        return Val(dict(value.t), [dict(i) for i in value.items])
    out = dict(value.t)
    if value.items:
        for item in value.items:
            union_into(out, as_beside(item) if len(value.items) > 1 else item)
    return Val(out, cols={k: dict(v) for k, v in value.cols.items()} if value.cols else None)


def _element_list(value: Val | None) -> Val | None:
    return value.copy() if value is not None else None


def _drop(recv: Val | None, drop_cols, solver: Solver, mod: ModuleFacts) -> Val | None:
    if recv is None:
        return None
    out = recv.copy()
    if drop_cols and out.cols:
        for col in drop_cols:
            if col.startswith("$"):  # a constant imported from another module
                for name in solver.const_keys(mod, col[1:]) or ():
                    out.cols.pop(name, None)
            else:
                out.cols.pop(col, None)
    return out


_INPUT_NAME_RE = __import__("re").compile(
    r"^(?:inputs?|img|image|images|seq|sequence|text|tokens|sample|data|vec|vector|emb|embedding|encoding|pixels|signal)$"
)


def _looks_like_pair(items) -> bool:
    """`[features, label]` is an (input, target) pair; `[depth, label]` is a feature vector."""
    for item in items:
        if (
            item is not None
            and item[0] == "n"
            and (is_feature_name(_base(item[1])) or _INPUT_NAME_RE.match(_base(item[1])))
        ):
            return True
    return False


def _is_config_object(expr) -> bool:
    if expr is None:
        return False
    if expr[0] == "n":
        return bool(CONFIG_OBJECT_RE.match(_base(expr[1])))
    if expr[0] == "a":
        return bool(CONFIG_OBJECT_RE.match(expr[2]))
    return False


def _base(name: str) -> str:
    """`y@2` (the lowering's second straight-line version of `y`) -> `y`."""
    return name.split("@", 1)[0]


def _describe(expr) -> str:
    if expr is None:
        return "value"
    tag = expr[0]
    if tag == "n":
        return _base(expr[1])
    if tag == "a":
        return f"{_describe(expr[1])}.{expr[2]}"
    if tag == "s":
        return _describe(expr[1])
    if tag == "c":
        return f"{expr[1] or expr[2]}()"
    return "value"


def display_path(path: str) -> str:
    return os.path.basename(path) or path
