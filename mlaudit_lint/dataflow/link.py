"""The linked program: modules by name, imports resolved, classes and their bases, call targets.

Everything here is static (read from the IR once): which module an import names, what a dotted
base class is, which functions read which enclosing variables, which methods a class has.
Resolution that depends on values (what `obj.method` calls) takes the evaluator's values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from . import ir
from .arguments import Callee
from .ml_api import class_role, value_role
from .values import UNKNOWN, Instance, Val

if TYPE_CHECKING:
    from .protocols import Evaluator as FunctionEvaluator

import builtins as _builtins

BUILTIN_NAMES = frozenset(dir(_builtins))
# Method names too common to resolve by name alone when the receiver's class is unknown.
_COMMON_METHODS = frozenset(
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
        "train",
        "eval",
        "evaluate",
        "fit_transform",
        "predict_proba",
        "to",
        "cuda",
        "cpu",
        "numpy",
        "item",
        "mean",
        "sum",
        "max",
        "min",
        "drop",
        "head",
        "plot",
        "show",
        "build",
        "process",
        "compute",
        "setup",
        "execute",
        "log",
        "info",
        "debug",
        "warning",
        "error",
    }
)
_OWN_ROLE_LOSS = __import__("re").compile(r"Loss|Criterion|Metric|Score(?:r|Function)?$")
_OWN_ROLE_TRANSFORM = __import__("re").compile(
    r"Transform|Augment|Compose|Normali[sz]e|Crop|Flip|Jitter"
)
_DATASET_BASES = ("Dataset", "IterableDataset", "Sequence", "DataModule", "LightningDataModule")
_MODEL_BASES = ("Module", "LightningModule", "Model", "Layer", "PreTrainedModel")
_ESTIMATOR_MIXINS = ("ClassifierMixin", "RegressorMixin", "BaseEstimator")
_TRANSFORMER_MIXINS = ("TransformerMixin",)


class Program:
    def __init__(self, modules: Mapping[str, ir.ModuleIR] | Iterable[ir.ModuleIR]):
        items = list(modules.values()) if isinstance(modules, Mapping) else list(modules)
        self.modules: dict[str, ir.ModuleIR] = {}
        for module in sorted(items, key=lambda m: (m.module_name, m.path)):
            self.modules.setdefault(module.module_name, module)
        self.functions: dict[tuple[str, str], ir.FunctionIR] = {}
        self.classes: dict[tuple[str, str], ir.ClassIR] = {}
        self.top_level: dict[str, dict[str, Val]] = {}
        self.captured: dict[tuple[str, str], frozenset] = {}
        self.rebound: dict[tuple[str, str], frozenset] = {}
        methods: dict[str, list[tuple[str, str]]] = {}
        for name, module in self.modules.items():
            for function in module.functions:
                self.functions[(name, function.qualname)] = function
            for cls in module.classes:
                self.classes[(name, cls.qualname)] = cls
                for method, _qual in cls.methods:
                    methods.setdefault(method, []).append((name, cls.qualname))
            self.top_level[name] = _top_level(module)
        self.unique_methods = {
            method: owners[0]
            for method, owners in methods.items()
            if len(owners) == 1 and not method.startswith("__") and method not in _COMMON_METHODS
        }
        self.callee_names: set[str] = set()  # every name the program calls (`f(...)`, `o.f(...)`)
        for name, module in self.modules.items():
            self._scan_names(name, module)
        self._roles: dict[tuple[str, str], str] = {}

    def components(self) -> list[list[ir.ModuleIR]]:
        """The modules in groups that import one another (directly or not), each sorted by name.

        Files that no import connects are unrelated programs: they are solved apart, so what one
        of them holds (a name it calls, a method only it defines) never changes what another
        finds, whichever files a run happens to lint together.
        """
        parent = {name: name for name in self.modules}

        def find(name: str) -> str:
            while parent[name] != name:
                parent[name] = parent[parent[name]]
                name = parent[name]
            return name

        for name, module in self.modules.items():
            for target in self.imported_names(module):
                a, b = find(name), find(target)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict[str, list[ir.ModuleIR]] = {}
        for name, module in self.modules.items():
            groups.setdefault(find(name), []).append(module)
        return [groups[root] for root in sorted(groups)]

    def imported_names(self, module: ir.ModuleIR) -> list[str]:
        """The linted modules an import of `module` names (and their packages)."""
        out: set[str] = set()
        for item in module.imports:
            target = self.find_module(module, item.module, item.level)
            if target is None:
                continue
            out.add(target.module_name)
            if item.name and item.name != "*":
                sub = self.modules.get(f"{target.module_name}.{item.name}")
                if sub is not None:
                    out.add(sub.module_name)
            parts = target.module_name.split(".")
            for index in range(1, len(parts)):
                package = self.modules.get(".".join(parts[:index]))
                if package is not None:
                    out.add(package.module_name)
        out.discard(module.module_name)
        return sorted(out)

    # ----- static facts ----------------------------------------------------------------------------
    def _scan_names(self, module_name: str, module: ir.ModuleIR) -> None:
        """Which enclosing variables each function reads (closures), which parameters it rebinds."""
        captured: dict[str, set[str]] = {}
        for function in module.functions:
            free: set[str] = set()
            assigned: set[str] = set()
            _walk_names(function.body, free, assigned, self.callee_names)
            params = {p.name for p in function.params}
            self.rebound[(module_name, function.qualname)] = frozenset(params & assigned)
            for name in free:
                owner = self.binder_of(module_name, function, name)
                if owner is not None:
                    captured.setdefault(owner, set()).add(name)
        for owner, names in captured.items():
            self.captured[(module_name, owner)] = frozenset(names)

    def binder_of(self, module_name: str, function: ir.FunctionIR, name: str) -> str | None:
        """The qualname of the enclosing function that binds `name` for a free read."""
        parent = function.parent
        seen = 0
        while parent is not None and seen < 64:
            outer = self.functions.get((module_name, parent))
            if outer is None:
                return None
            if name in outer.local_names or any(p.name == name for p in outer.params):
                return parent
            parent = outer.parent
            seen += 1
        return None

    def module_of_path(self, path: str) -> ir.ModuleIR | None:
        for module in self.modules.values():
            if module.path == path:
                return module
        return None

    def find_module(self, importer: ir.ModuleIR, module: str, level: int) -> ir.ModuleIR | None:
        if level:
            parts = importer.module_name.split(".")
            if not importer.is_package:
                parts = parts[:-1]
            if level > 1:
                parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
            base = ".".join(parts)
            name = f"{base}.{module}" if module and base else (module or base)
            return self.modules.get(name)
        found = self.modules.get(module)
        if found is not None:
            return found
        # a script importing its neighbour (`import feats` beside it), as `sys.path` allows
        package = importer.module_name.rsplit(".", 1)[0] if "." in importer.module_name else ""
        if package and module:
            found = self.modules.get(f"{package}.{module}")
            if found is not None:
                return found
        return None

    def import_value(self, importer: ir.ModuleIR, value: ir.Import) -> Val:
        if value.name is None:
            target = self.find_module(importer, value.module, value.level)
            if target is not None:
                return Val(kind=f"mod:{target.module_name}")
            return Val(kind=f"lib:{value.module}") if not value.level else UNKNOWN
        target = self.find_module(importer, value.module, value.level)
        if target is None:
            if value.level:
                return UNKNOWN
            return Val(
                kind=f"lib:{value.module}.{value.name}" if value.module else f"lib:{value.name}"
            )
        submodule = self.modules.get(f"{target.module_name}.{value.name}")
        if submodule is not None:
            return Val(kind=f"mod:{submodule.module_name}")
        static = self.top_level.get(target.module_name, {}).get(value.name)
        if static is not None:
            return static
        return Val(kind=f"global:{target.module_name}:{value.name}")

    def star_modules(self, module: ir.ModuleIR) -> list[ir.ModuleIR]:
        out = []
        for item in module.imports:
            if item.alias == "*":
                target = self.find_module(module, item.module, item.level)
                if target is not None:
                    out.append(target)
        return out

    # ----- classes -----------------------------------------------------------------------------------
    def resolve_dotted(self, module: ir.ModuleIR, dotted: str) -> tuple[str, object]:
        """("class", (module, qualname)) for an in-tree class, ("lib", "pkg.Name"), or ("", None)."""
        if not dotted:
            return "", None
        head, _, rest = dotted.partition(".")
        top = self.top_level.get(module.module_name, {})
        if head in top and not rest:
            value = top[head]
            if value.kind.startswith("cls:"):
                _, mod, qual = value.kind.split(":", 2)
                return "class", (mod, qual)
        for item in module.imports:
            if item.alias != head:
                continue
            value = self.import_value(module, ir.Import(item.module, item.name, item.level))
            if value.kind.startswith("cls:") and not rest:
                _, mod, qual = value.kind.split(":", 2)
                return "class", (mod, qual)
            if value.kind.startswith("mod:") and rest:
                target = self.modules[value.kind[4:]]
                return self.resolve_dotted(target, rest)
            if value.kind.startswith("lib:"):
                return "lib", value.kind[4:] + (f".{rest}" if rest else "")
        return "lib", dotted

    def mro(self, module_name: str, qualname: str) -> tuple[list[tuple[str, str]], list[str]]:
        """In-tree classes from this one up its bases, and the library bases met on the way."""
        order: list[tuple[str, str]] = []
        external: list[str] = []
        queue = [(module_name, qualname)]
        while queue and len(order) < 32:
            key = queue.pop(0)
            if key in order:
                continue
            cls = self.classes.get(key)
            if cls is None:
                continue
            order.append(key)
            module = self.modules[key[0]]
            for base in cls.bases:
                kind, target = self.resolve_dotted(module, base)
                if kind == "class":
                    queue.append(target)
                elif kind == "lib":
                    external.append(target)
        return order, external

    def find_method(self, module_name: str, qualname: str, name: str, skip_first: bool = False):
        order, _ = self.mro(module_name, qualname)
        for key in order[1:] if skip_first else order:
            cls = self.classes[key]
            for method, function_qual in cls.methods:
                if method == name:
                    return self.modules[key[0]], self.functions[(key[0], function_qual)]
        return None

    def class_role(self, module_name: str, qualname: str) -> str:
        """A role from the class's library bases: a torch/keras model, a Dataset, an estimator."""
        key = (module_name, qualname)
        if key in self._roles:
            return self._roles[key]
        own = qualname.rsplit(".", 1)[-1]
        if _OWN_ROLE_LOSS.search(own):
            self._roles[key] = "loss"  # a loss or metric module is called with the label
            return "loss"
        if _OWN_ROLE_TRANSFORM.search(own):
            self._roles[key] = "transformer"  # an augmentation, not a model
            return "transformer"
        _, external = self.mro(module_name, qualname)
        names = [e.rsplit(".", 1)[-1] for e in external]
        role = ""
        if any(n in _DATASET_BASES for n in names):
            role = "dataset"
        elif any(n in _MODEL_BASES for n in names):
            role = "estimator"
        elif any(n in _TRANSFORMER_MIXINS for n in names):
            role = "transformer"
        elif any(n in _ESTIMATOR_MIXINS for n in names):
            order, _ = self.mro(module_name, qualname)
            has_transform = any(
                m == "transform" for k in order for m, _q in self.classes[k].methods
            )
            has_predict = any(m == "predict" for k in order for m, _q in self.classes[k].methods)
            role = "transformer" if has_transform and not has_predict else "estimator"
        else:
            for name in names:
                role = class_role(name, name)
                if role:
                    break
        self._roles[key] = role
        return role

    # ----- calls -----------------------------------------------------------------------------------
    def resolve_call(
        self, ev: FunctionEvaluator, function: Val, callee_text: str, span=None
    ) -> Callee:
        kind = function.kind
        last = callee_text.rsplit(".", 1)[-1] if callee_text else ""
        if kind.startswith("fn:"):
            _, module_name, qual = kind.split(":", 2)
            target = self.functions.get((module_name, qual))
            if target is not None:
                return Callee(
                    "function", target.name, module=self.modules[module_name], function=target
                )
        if kind.startswith("cls:"):
            _, module_name, qual = kind.split(":", 2)
            role = self.class_role(module_name, qual)
            site = f"{ev.path}:{span.line}:{span.column}" if span is not None else None
            instance = Val(kind=f"obj:{module_name}:{qual}", meta=Instance(role, site))
            found = self.find_method(module_name, qual, "__init__")
            if found is not None:
                module, init = found
                return Callee(
                    "class",
                    qual.rsplit(".", 1)[-1],
                    module=module,
                    function=init,
                    receiver=instance,
                    instance=instance,
                    role=role,
                )
            return Callee("class", qual.rsplit(".", 1)[-1], instance=instance, role=role)
        if kind.startswith("bound:"):
            _, module_name, qual = kind.split(":", 2)
            target = self.functions.get((module_name, qual))
            if target is not None:
                return Callee(
                    "function",
                    target.name,
                    module=self.modules[module_name],
                    function=target,
                    receiver=function.meta,
                )
        if kind.startswith("obj:"):
            _, module_name, qual = kind.split(":", 2)
            role = self.class_role(module_name, qual)
            for method in ("__call__", "forward", "call"):
                found = self.find_method(module_name, qual, method)
                if found is not None and (method == "__call__" or role == "estimator"):
                    module, target = found
                    return Callee(
                        "function",
                        last or target.name,
                        module=module,
                        function=target,
                        receiver=function,
                        role=role or "estimator",
                        called=function,
                    )
            return Callee("unknown", last, role=role, called=function)
        if kind.startswith("lib:"):
            qualified = kind[4:]
            return Callee("library", qualified.rsplit(".", 1)[-1], qualified=qualified)
        if kind.startswith("libobj:"):
            return Callee(
                "method-library",
                "__call__",
                qualified=kind[7:] + ".__call__",
                receiver=function,
                role=value_role(function),
                called=function,
            )
        if kind.startswith("super:"):
            return Callee("unknown", last)
        return Callee("unknown", last)

    def resolve_method(self, ev: FunctionEvaluator, receiver: Val, name: str) -> Callee:
        kind = receiver.kind
        if kind.startswith("obj:") or kind.startswith("super:"):
            _, module_name, qual = kind.split(":", 2)
            found = self.find_method(module_name, qual, name, skip_first=kind.startswith("super:"))
            if found is not None:
                module, target = found
                self_value = receiver.meta if kind.startswith("super:") else receiver
                if target.kind is ir.FunctionKind.STATICMETHOD:
                    self_value = None
                return Callee("function", name, module=module, function=target, receiver=self_value)
            if kind.startswith("obj:"):
                attribute = ev.engine.read_field(receiver, name)
                if attribute is not None and attribute.kind:
                    return self.resolve_call(ev, attribute, name)
                if name in ("fit_transform", "fit_predict"):
                    # sklearn's mixins: `fit(X, y)` then `transform(X)` / `predict(X)`
                    second = "transform" if name == "fit_transform" else "predict"
                    fit = self.find_method(module_name, qual, "fit")
                    then = self.find_method(module_name, qual, second)
                    if fit is not None and then is not None:
                        return Callee(
                            "chain",
                            name,
                            module=fit[0],
                            function=fit[1],
                            receiver=receiver,
                            then=then,
                        )
            role = self.class_role(module_name, qual)
            return Callee("method-library", name, receiver=receiver, role=role)
        if kind.startswith("cls:"):
            _, module_name, qual = kind.split(":", 2)
            found = self.find_method(module_name, qual, name)
            if found is not None:
                module, target = found
                bound = receiver if target.kind is ir.FunctionKind.CLASSMETHOD else None
                return Callee("function", name, module=module, function=target, receiver=bound)
            return Callee("unknown", name)
        if kind.startswith("mod:"):
            module = self.modules.get(kind[4:])
            if module is not None:
                value = ev.engine.module_attribute(module, name)
                return self.resolve_call(ev, value, name)
        if kind.startswith("lib:"):
            qualified = f"{kind[4:]}.{name}"
            return Callee("library", name, qualified=qualified)
        if kind == "" and name in self.unique_methods:
            module_name, qual = self.unique_methods[name]
            found = self.find_method(module_name, qual, name)
            if found is not None:
                module, target = found
                instance = Val(receiver.taint, kind=f"obj:{module_name}:{qual}", meta=Instance())
                return Callee("function", name, module=module, function=target, receiver=instance)
        role = ""
        if kind.startswith("libobj:"):
            role = value_role(receiver)
        return Callee("method-library", name, qualified="", receiver=receiver, role=role)


def _top_level(module: ir.ModuleIR) -> dict[str, Val]:
    """Names the module body binds to a def or a class (resolvable before evaluation)."""
    out: dict[str, Val] = {}
    top = module.functions[0]
    for stmt in top.body:
        if type(stmt) is ir.Assign and type(stmt.value) is ir.FunctionRef:
            out[stmt.target.name] = Val(kind=f"fn:{module.module_name}:{stmt.value.qualname}")
        elif type(stmt) is ir.Assign and type(stmt.value) is ir.ClassRef:
            out[stmt.target.name] = Val(kind=f"cls:{module.module_name}:{stmt.value.qualname}")
    return out


def _walk_names(body: tuple, free: set[str], assigned: set[str], callees: set[str]) -> None:
    stack = list(body)
    while stack:
        stmt = stack.pop()
        kind = type(stmt)
        if kind is ir.Assign:
            if stmt.target.scope is ir.Scope.LOCAL and not stmt.target.name.startswith("$"):
                assigned.add(stmt.target.name)
            _operands_of(stmt.value, free)
            value = stmt.value
            if type(value) is ir.MethodCall:
                callees.add(value.name)
            elif type(value) is ir.Call and value.callee:
                callees.add(value.callee.rsplit(".", 1)[-1])
            for arg in getattr(value, "args", ()) or ():
                if type(arg.value) is ir.Var:  # a function passed as a callback (`map(f, xs)`)
                    callees.add(arg.value.name)
        elif kind is ir.If:
            _operand(stmt.test, free)
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
        elif kind is ir.Loop:
            stack.extend(stmt.head)
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
        elif kind is ir.Try:
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
            stack.extend(stmt.final)
            for handler in stmt.handlers:
                stack.extend(handler.body)
        else:
            for name in ("obj", "value", "target"):
                _operand(getattr(stmt, name, None), free)


def _operand(op, free: set[str]) -> None:
    if type(op) is ir.Var and op.scope is ir.Scope.FREE:
        free.add(op.name)


def _operands_of(expr, free: set[str]) -> None:
    for name in (
        "source",
        "obj",
        "func",
        "left",
        "right",
        "operand",
        "test",
        "body",
        "orelse",
        "iterable",
        "value",
    ):
        _operand(getattr(expr, name, None), free)
    for name in ("args",):
        for arg in getattr(expr, name, ()):
            _operand(arg.value, free)
    for name in ("items", "operands", "parts", "values"):
        for op in getattr(expr, name, ()) or ():
            _operand(op, free)


__all__ = ["BUILTIN_NAMES", "Program"]
