"""What a module uses as its label, read from the IR: the targets it trains and scores on.

A target use is the `y` of `fit`/`score`/`cross_val_*`, the array split beside the features by
`train_test_split`, a resampler's `y`, a loss's target, `TensorDataset`'s second tensor, the
`label=` of a `DMatrix`/`Pool`, the `endog` of a statsmodels model. Each is followed back through
the function's own assignments (copies, conversions, splits) to what names it: a column
(`df["SalePrice"]`, `df.SalePrice`, `df.pop("SalePrice")`), an attribute (`data.target`) or a
variable. The result belongs to that module only; across modules a label travels through calls.

A sub-model's target is not the pipeline's label: a column whose predictions are written back
into the frame (imputing `Age` with a regressor) is taken out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...dataflow import ir
from .names import CV_FUNCTIONS, METADATA_ATTRS, MODEL_OUTPUT_RE, is_feature_name, is_label_name

_FIT_METHODS = {
    "fit": 1,
    "partial_fit": 1,
    "score": 1,
    "fit_resample": 1,
    "fit_sample": 1,
    "train_on_batch": 1,
    "fit_generator": None,
}
_TARGET_KEYWORDS = ("y", "target", "labels", "label", "y_true", "y_train")
# conversions that keep what a value is: follow their input
_CONVERSIONS = frozenset(
    {
        "values",
        "to_numpy",
        "ravel",
        "astype",
        "reshape",
        "squeeze",
        "flatten",
        "tolist",
        "to_list",
        "copy",
        "array",
        "asarray",
        "tensor",
        "as_tensor",
        "from_numpy",
        "float",
        "long",
        "int",
        "to",
        "cuda",
        "numpy",
        "view",
        "unsqueeze",
        "LongTensor",
        "FloatTensor",
        "Series",
        "list",
        "tuple",
        "fit_transform",
        "transform",
        "fillna",
        "map",
        "replace",
        "apply",
        "encode_labels",
        "get_dummies",
        "to_categorical",
        "reset_index",
        "dropna",
    }
)
# conversions that build a new value from their first argument when called on a namespace
_CONSTRUCTORS = frozenset(
    {"array", "asarray", "tensor", "as_tensor", "from_numpy", "Series", "LongTensor", "FloatTensor"}
)
_TRANSPARENT = frozenset({"values", "T", "array", "data", "loc", "iloc", "str"})
_WEAK_NAMES = frozenset(
    {
        "self",
        "cls",
        "df",
        "data",
        "batch",
        "row",
        "rows",
        "x",
        "X",
        "value",
        "values",
        "result",
        "out",
        "output",
        "item",
        "items",
        "arr",
        "array",
        "tensor",
        "key",
        "name",
        "frame",
        "sample",
        "samples",
        "train",
        "test",
        "dataset",
        "ds",
        "temp",
        "tmp",
        "res",
        "val",
        "vals",
        "input",
        "inputs",
        "args",
        "kwargs",
        "obj",
        "record",
        "records",
        "entry",
    }
)


@dataclass
class ModuleLabels:
    columns: set[str] = field(default_factory=set)  # frame columns / dict keys used as the label
    attrs: set[str] = field(default_factory=set)  # attributes read as the label (`data.target`)
    names: set[str] = field(default_factory=set)  # variables holding the label
    imputed: set[str] = field(default_factory=set)  # columns filled by a sub-model's predictions
    trains: bool = False  # the module trains or scores a model somewhere
    # named only as a metric's truth (`roc_auc_score(y_true, proba)`): the label of a module
    # that trains nothing (a model loaded from disk), not beside its fitted targets (there a
    # metric may compare data with its reconstruction: `mean_squared_error(X, X_recovered)`)
    metric_only: bool = False


def infer(module: ir.ModuleIR, constants: dict[str, object]) -> ModuleLabels:
    labels = ModuleLabels()
    modules = _module_names(module)
    parts: list[ModuleLabels] = []
    datasets = frozenset(
        c.qualname
        for c in module.classes
        if any(base.rsplit(".", 1)[-1].endswith("Dataset") for base in c.bases)
    )
    for function in module.functions:
        parts.extend(_infer_function(function, labels, constants, modules, datasets))
    fitted = any(not part.metric_only for part in parts)
    for part in parts:
        # a target that names only imputed columns is a sub-model's: none of what it names
        # (the column, the variables holding it) is the pipeline's label
        if part.columns and part.columns <= labels.imputed:
            continue
        if part.metric_only and fitted:
            continue
        labels.columns |= part.columns
        labels.attrs |= part.attrs
        labels.names |= part.names
    labels.columns -= labels.imputed
    labels.names = {
        n
        for n in labels.names
        if n not in _WEAK_NAMES and n not in modules and not is_feature_name(n)
    }
    return labels


# calls that hand back a module: `pd = pytest.importorskip("pandas")`
_IMPORTING_CALLS = frozenset({"importorskip", "import_module", "__import__"})


def _module_names(module: ir.ModuleIR) -> frozenset[str]:
    """Names bound to a module: by an import, or by a call that imports one (`pytest.importorskip`,
    `importlib.import_module`) anywhere in the module. A module is never the label."""
    names = {item.alias for item in module.imports if item.name is None}
    for function in module.functions:
        for stmt in _statements(function.body):
            if type(stmt) is ir.Assign and not stmt.target.name.startswith("$"):
                value = stmt.value
                if type(value) is ir.Copy and type(value.source) is ir.Var:
                    continue
                if (
                    type(value) in (ir.Call, ir.MethodCall)
                    and _call_last(value) in _IMPORTING_CALLS
                ):
                    names.add(stmt.target.name.split("$")[0])
    return frozenset(names)


def _call_last(call) -> str:
    return call.name if type(call) is ir.MethodCall else call.callee.rsplit(".", 1)[-1]


def infer_names(
    module: ir.ModuleIR, constants: dict, labels: ModuleLabels, names: set[str]
) -> None:
    """Add module-level `names` that another module uses as its label, and what they name."""
    modules = _module_names(module)
    top = module.functions[0]
    defs: dict[str, list] = {}
    for stmt in _statements(top.body):
        if type(stmt) is ir.Assign:
            defs.setdefault(stmt.target.name, []).append(stmt.value)
    resolver = _Resolver(defs, constants, labels, modules)
    for name in names:
        labels.names.add(name)
        resolver.name_of(ir.Var(name, ir.Scope.GLOBAL), 0)
    labels.columns -= labels.imputed


def module_constants(module: ir.ModuleIR) -> dict[str, object]:
    """Module-level names bound to a string or a list of strings (`TARGET = "price"`)."""
    out: dict[str, object] = {}
    body = module.functions[0].body
    temps: dict[str, object] = {}
    for stmt in body:
        if type(stmt) is not ir.Assign:
            continue
        value = _constant(stmt.value, temps)
        if stmt.target.name.startswith("$"):
            if value is not None:
                temps[stmt.target.name] = value
            continue
        if value is not None:
            out[stmt.target.name] = value
    return out


def _constant(expr, temps: dict):
    if type(expr) is ir.Copy:
        source = expr.source
        if type(source) is ir.Const and isinstance(source.value, str):
            return source.value
        if type(source) is ir.Var:
            return temps.get(source.name)
    if type(expr) is ir.Build and expr.kind in ("list", "tuple"):
        parts = []
        for item in expr.items:
            if type(item) is ir.Const and isinstance(item.value, str):
                parts.append(item.value)
            elif type(item) is ir.Var and isinstance(temps.get(item.name), str):
                parts.append(temps[item.name])
            else:
                return None
        return tuple(parts)
    return None


def _statements(body: tuple):
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        kind = type(stmt)
        if kind is ir.If:
            stack.extend(reversed(stmt.orelse))
            stack.extend(reversed(stmt.body))
        elif kind is ir.Loop:
            stack.extend(reversed(stmt.orelse))
            stack.extend(reversed(stmt.body))
            stack.extend(reversed(stmt.head))
        elif kind is ir.Try:
            stack.extend(reversed(stmt.final))
            stack.extend(reversed(stmt.orelse))
            for handler in reversed(stmt.handlers):
                stack.extend(reversed(handler.body))
            stack.extend(reversed(stmt.body))


def _infer_function(
    function: ir.FunctionIR,
    labels: ModuleLabels,
    constants: dict,
    modules: frozenset,
    datasets: frozenset = frozenset(),
) -> list[ModuleLabels]:
    """Resolve each target use of `function` on its own (returned, in order, for the caller to
    merge), and add the columns a sub-model imputes to `labels.imputed`."""
    defs: dict[str, list] = {}
    calls = []
    stores = []  # (position, statement) of writes that may fill a column
    returns: list = []  # what a Dataset's `__getitem__` returns
    for position, stmt in enumerate(_statements(function.body)):
        kind = type(stmt)
        if kind is ir.Assign:
            defs.setdefault(stmt.target.name, []).append(stmt.value)
            value = stmt.value
            if type(value) in (ir.Call, ir.MethodCall):
                calls.append((position, value))
            if (
                type(value) is ir.MethodCall
                and value.name in ("append", "extend", "add", "insert")
                and type(value.obj) is ir.Var
                and value.args
            ):
                # `labels.append(int(is_var))`: the list holds what is appended
                defs.setdefault(value.obj.name, []).append(ir.Copy(value.args[-1].value))
        elif kind is ir.SetItem or (kind is ir.SetAttr and stmt.name == "columns"):
            stores.append((position, stmt))
        elif kind is ir.Return and _is_item_method(function, datasets):
            returns.append(stmt.value)
    resolver = _Resolver(defs, constants, labels, modules)
    reconstructed = _reconstructed([call for _, call in calls], defs, modules)
    parts: list[tuple[int, ModuleLabels]] = []
    for returned in returns:
        # a Dataset item `(input, target)`: its second part is what the model learns
        pair = _pair(returned, defs)
        if pair is None:
            continue
        first, second = (_item_names(item, defs, constants, modules) for item in pair)
        if _named_anything(second) and not _same_names(first, second):
            # an autoencoder's `(x, x)` is the input twice, not a target
            parts.append((-1, second))
    for position, call in calls:
        for target in _targets_of(call, defs):
            if type(target) is ir.Var and target.name.split("$")[0] in reconstructed:
                continue
            labels.trains = True
            part = ModuleLabels(metric_only=_is_metric(call))
            _Resolver(defs, constants, part, modules).name_of(target, 0)
            parts.append((position, part))
        # `labels.append(int(is_var))`: what goes into a list named as the labels is the label
        if (
            type(call) is ir.MethodCall
            and call.name in ("append", "extend", "insert", "add")
            and type(call.obj) is ir.Var
            and is_label_name(call.obj.name.split("$")[0])
            and call.args
        ):
            resolver.name_of(call.args[-1].value, 0)
    labels.imputed |= _imputed(
        stores, defs, resolver, parts, function.kind is ir.FunctionKind.MODULE
    )
    return [part for _, part in parts]


def _is_metric(call) -> bool:
    name = call.name if type(call) is ir.MethodCall else call.callee.rsplit(".", 1)[-1]
    return type(call) is ir.Call and (
        bool(_TRUTH_FIRST_METRIC.search(name)) or name in _METRIC_LOSSES
    )


def _is_item_method(function: ir.FunctionIR, datasets: frozenset) -> bool:
    """A torch-style Dataset's `__getitem__` (its class derives from a `*Dataset`): not any
    sequence's (a sorted mapping's items view returns `(key, value)`, no target)."""
    return function.name == "__getitem__" and function.class_qualname in datasets


def _pair(operand, defs: dict):
    """`return x, y` (a pair built in the return statement or just before): `(x, y)`."""
    if type(operand) is not ir.Var:
        return None
    for value in defs.get(operand.name, ()):
        if type(value) is ir.Build and value.kind == "tuple" and len(value.items) == 2:
            return value.items
    return None


def _item_names(operand, defs: dict, constants: dict, modules: frozenset) -> ModuleLabels:
    """What one part of a Dataset item names: `self.conc[i]` names the attribute `conc` (the
    item's element of what the dataset holds)."""
    part = ModuleLabels()
    resolving = _Resolver(defs, constants, part, modules)
    resolving.name_of(operand, 0)
    for value in defs.get(operand.name, ()) if type(operand) is ir.Var else ():
        if type(value) is ir.GetItem and len(value.index) == 1:
            resolving.name_of(value.obj, 0)
    return part


def _named_anything(part: ModuleLabels) -> bool:
    return bool(part.columns or part.attrs or part.names)


def _same_names(first: ModuleLabels, second: ModuleLabels) -> bool:
    return (
        second.columns <= first.columns
        and second.attrs <= first.attrs
        and second.names <= first.names
    )


def _imputed(stores: list, defs: dict, resolver, parts: list, script: bool) -> set[str]:
    """Columns a sub-model fills: its predictions written back into column `C`
    (`df.loc[df.Age.isnull(), "Age"] = model.predict(...)`, `df["Age"].iloc[rows] = pred[:n]`,
    `filled = pd.DataFrame(pred); filled.columns = ["Age"]`, or through a column of
    predictions), and, in a script's top-level code, a model trained on another column later.
    Without that later model the write is a submission (`test["Survived"] = model.predict(test)`):
    the predictions of the pipeline's own label, which stays the label. A helper function that
    fills a column (`def fill_age(df)`) is taken as a sub-model: what trains on the filled frame
    is elsewhere."""
    written: dict[str, int] = {}
    predicted: set[str] = set()
    for _ in range(2):
        for position, store in stores:
            if not _from_prediction(
                store.value if type(store) is ir.SetItem else store.obj,
                defs,
                0,
                frozenset(predicted),
            ):
                continue
            if type(store) is ir.SetItem:
                names = [resolver.constant(part) for part in store.index]
                names += _columns_of_chain(store.obj, defs, resolver)
            else:  # `.columns = [...]` on a frame of predictions
                names = [resolver.constant(store.value)]
            for name in names:
                columns = (name,) if isinstance(name, str) else name
                for column in columns if isinstance(columns, tuple) else ():
                    if isinstance(column, str):
                        written.setdefault(column, position)
                        predicted.add(column)
    out: set[str] = set()
    for column, position in written.items():
        if not script or any(later > position and part.columns - {column} for later, part in parts):
            out.add(column)
    return out


def _columns_of_chain(operand, defs: dict, resolver, depth: int = 0) -> list:
    """The column a store's receiver selects (`df["Age"].iloc` -> "Age", `df.Age` -> "Age")."""
    if depth > 4 or type(operand) is not ir.Var:
        return []
    out: list = []
    for value in defs.get(operand.name, ()):
        if type(value) is ir.GetAttr:
            if value.name in ("loc", "iloc", "at", "iat", "values"):
                out += _columns_of_chain(value.obj, defs, resolver, depth + 1)
            elif value.name not in METADATA_ATTRS:
                out.append(value.name)
        elif type(value) is ir.GetItem:
            out += [resolver.constant(part) for part in value.index]
    return out


def _targets_of(call, defs: dict) -> list:
    name = call.name if type(call) is ir.MethodCall else call.callee.rsplit(".", 1)[-1]
    positional = [a.value for a in call.args if a.keyword is None and a.star == 0]
    keywords = {a.keyword: a.value for a in call.args if a.keyword}
    out = []
    if type(call) is ir.MethodCall and name in _FIT_METHODS:
        index = _FIT_METHODS[name]
        if index is not None and len(positional) > index:
            out.append(positional[index])
        for keyword in _TARGET_KEYWORDS:
            if keyword in keywords:
                out.append(keywords[keyword])
    elif name in CV_FUNCTIONS:
        if len(positional) > 2:
            out.append(positional[2])
        if "y" in keywords:
            out.append(keywords["y"])
    elif name == "train_test_split" and len(positional) == 2:
        out.append(positional[1])
    elif name in ("TensorDataset",) and len(positional) > 1:
        out.append(positional[-1])
    elif name in ("DMatrix", "Pool", "Dataset", "QuantileDMatrix") and "label" in keywords:
        out.append(keywords["label"])
    elif name in ("OLS", "Logit", "GLM", "Probit", "WLS") and positional:
        out.append(positional[0])
    elif _is_loss(name, call, defs) and len(positional) > 1:
        out.append(positional[1])
    elif _is_loss(name, call, defs):
        for keyword in ("target", "y_true", "labels"):
            if keyword in keywords:
                out.append(keywords[keyword])
    elif type(call) is ir.Call and (_TRUTH_FIRST_METRIC.search(name) or name in _METRIC_LOSSES):
        # `roc_auc_score(y_true, proba)`: a metric's truth is the label (a model loaded from
        # disk is scored, never fitted, in the module)
        if len(positional) >= 2:
            out.append(positional[0])
        elif "y_true" in keywords:
            out.append(keywords["y_true"])
    return out


# methods that hand back the same tensor, reshaped or cast (`model(x).squeeze(-1)`)
_SAME_TENSOR = frozenset(
    {
        "squeeze",
        "unsqueeze",
        "view",
        "reshape",
        "flatten",
        "float",
        "double",
        "detach",
        "contiguous",
    }
)


def _reconstructed(calls: list, defs: dict, modules: frozenset) -> set[str]:
    """Names a loss compares with a model's output computed from them: an identity,
    reconstruction or cycle loss (`criterion(G_BA(real_A), real_A)`, `mse(ae(x), x)`,
    `l1(G_BA(G_AB(real_A)), real_A)`). There the target is the input by design, not a label.
    Only models' own inputs count: a target concatenated into the input first
    (`loss(net(torch.cat([x, y], 1)), y)`) still names the label."""
    out: set[str] = set()
    for call in calls:
        name = call.name if type(call) is ir.MethodCall else call.callee.rsplit(".", 1)[-1]
        positional = [a.value for a in call.args if a.keyword is None and a.star == 0]
        if len(positional) < 2 or not _is_loss(name, call, defs):
            continue
        target = _named(positional[1], defs)
        if target is None:
            continue
        if target in _model_inputs(positional[0], defs, modules, 0):
            out.add(target)
    return out


def _named(operand, defs: dict, depth: int = 0) -> str | None:
    """The variable a loss target names, through casts and reshapes (`y.float()`)."""
    if type(operand) is not ir.Var or depth > 4:
        return None
    name = operand.name.split("$")[0]
    if name:
        return name
    for value in defs.get(operand.name, ()):
        if type(value) is ir.MethodCall and (value.name in _SAME_TENSOR or value.name == "long"):
            return _named(value.obj, defs, depth + 1)
        if type(value) is ir.Copy:
            return _named(value.source, defs, depth + 1)
    return None


def _model_inputs(operand, defs: dict, modules: frozenset, depth: int) -> set[str]:
    """The variables a model call chain ending in `operand` was given directly."""
    if depth > 4 or type(operand) is not ir.Var:
        return set()
    out: set[str] = set()
    for value in defs.get(operand.name, ()):
        if type(value) is ir.MethodCall and value.name in _SAME_TENSOR:
            if type(value.obj) is ir.Var and value.obj.name.split("$")[0]:
                out.add(value.obj.name.split("$")[0])  # `ae(x.float())`: the model reads `x`
            out |= _model_inputs(value.obj, defs, modules, depth + 1)
        elif (type(value) is ir.Call and value.callee.split(".", 1)[0] not in modules) or (
            type(value) is ir.MethodCall and type(value.obj) is ir.Var and value.obj.name == "self"
        ):
            for arg in value.args:
                if arg.keyword is None and type(arg.value) is ir.Var:
                    if arg.value.name.split("$")[0]:  # a temporary is followed, not named
                        out.add(arg.value.name.split("$")[0])
                    out |= _model_inputs(arg.value, defs, modules, depth + 1)
        elif type(value) is ir.Copy:
            out |= _model_inputs(value.source, defs, modules, depth + 1)
    return out


# scikit-learn's supervised metrics: `(y_true, y_pred)` (not clustering scores of `(X, labels)`,
# not statistical tests of two samples, not `auc(fpr, tpr)`)
_TRUTH_FIRST_METRIC = re.compile(
    r"^(?:accuracy_score|balanced_accuracy_score|top_k_accuracy_score|f1_score|fbeta_score"
    r"|precision_score|recall_score|precision_recall_fscore_support|roc_auc_score"
    r"|average_precision_score|matthews_corrcoef|cohen_kappa_score|jaccard_score"
    r"|confusion_matrix|multilabel_confusion_matrix|classification_report|roc_curve"
    r"|precision_recall_curve|det_curve|r2_score|explained_variance_score|max_error"
    r"|mean_\w+_error|median_absolute_error|mean_\w+_deviance|d2_\w+_score)$"
)
# torch's functional losses not named `*loss` (they take `(input, target)`)
_FUNCTIONAL_LOSSES = frozenset(
    {"cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div"}
)
# scikit-learn's metrics named `*_loss`: they take `(y_true, y_pred)`, as every metric
_METRIC_LOSSES = frozenset(
    {
        "log_loss",
        "hinge_loss",
        "zero_one_loss",
        "hamming_loss",
        "brier_score_loss",
        "mean_pinball_loss",
        "d2_log_loss_score",
    }
)


def _is_loss(name: str, call, defs: dict) -> bool:
    lowered = name.lower()
    if name in _METRIC_LOSSES:
        return False
    if "loss" in lowered or "criterion" in lowered or name in _FUNCTIONAL_LOSSES:
        return True
    if type(call) is ir.Call and type(call.func) is ir.Var:
        for value in defs.get(call.func.name, ()):
            if type(value) in (ir.Call, ir.MethodCall):
                inner = value.name if type(value) is ir.MethodCall else value.callee
                if "loss" in inner.lower():
                    return True
    return False


def _fixed_slice(part) -> bool:
    if type(part) is not ir.Slice:
        return False
    return all(
        bound is None or type(bound) is ir.Const for bound in (part.lower, part.upper, part.step)
    )


def _from_prediction(
    operand, defs: dict, depth: int, predicted: frozenset = frozenset(), seen: set | None = None
) -> bool:
    """Whether `operand` holds a model's predictions (directly, or a column filled with them).
    Each variable is looked at once per question (`seen`): a notebook rebinds `df` hundreds of
    times, and following every definition of every definition would not end."""
    if depth > 6 or type(operand) is not ir.Var:
        return False
    if seen is None:
        seen = set()
    if operand.name in seen:
        return False
    seen.add(operand.name)
    for value in defs.get(operand.name, ()):
        if type(value) is ir.MethodCall and value.name.startswith("predict"):
            return True
        if type(value) is ir.GetItem and any(
            type(p) is ir.Const and p.value in predicted for p in value.index
        ):
            return True
        if type(value) is ir.Copy and _from_prediction(
            value.source, defs, depth + 1, predicted, seen
        ):
            return True
        # `pred[:n]`, `pd.DataFrame(pred).set_index(rows)`: still the predictions
        if type(value) in (ir.GetItem, ir.MethodCall) and _from_prediction(
            value.obj, defs, depth + 1, predicted, seen
        ):
            return True
        if type(value) in (ir.MethodCall, ir.Call) and value.args:
            if any(_from_prediction(a.value, defs, depth + 1, predicted, seen) for a in value.args):
                return True
    return False


class _Resolver:
    def __init__(self, defs: dict, constants: dict, labels: ModuleLabels, modules: frozenset):
        self.defs = defs
        self.constants = constants
        self.labels = labels
        self.modules = modules  # names bound to imported modules (`np`, `torch`)

    def constant(self, operand):
        if type(operand) is ir.Const:
            return operand.value
        if type(operand) is ir.Var:
            if operand.name in self.constants:
                return self.constants[operand.name]
            for value in self.defs.get(operand.name, ()):
                found = _constant(value, {})
                if found is not None:
                    return found
        return None

    def _is_row_indexer(self, operand) -> bool:
        if type(operand) is not ir.Var:
            return False
        return any(
            type(value) is ir.GetAttr and value.name in ("loc", "iloc", "at", "iat")
            for value in self.defs.get(operand.name, ())
        )

    def name_of(self, operand, depth: int) -> None:
        if depth > 8 or type(operand) is not ir.Var:
            return
        name = operand.name
        if not name.startswith("$") and not MODEL_OUTPUT_RE.match(name.split("$")[0]):
            self.labels.names.add(name.split("$")[0])
        for value in self.defs.get(name, ()):
            self.expression(value, depth + 1)

    def expression(self, value, depth: int) -> None:
        kind = type(value)
        if kind is ir.Copy:
            self.name_of(value.source, depth)
        elif kind is ir.GetItem:
            index = value.index
            if self._is_row_indexer(value.obj):
                # `.loc[rows]` picks rows of what it indexes (`y.loc["train"]`); only the second
                # part of `.loc[rows, "col"]` names a column
                index = index[1:]
                if not index:
                    self.name_of(value.obj, depth)
                    return
            keys = [self.constant(part) for part in index if type(part) is not ir.Slice]
            named = False
            for key in keys:
                if isinstance(key, str):
                    self.labels.columns.add(key)
                    named = True
                elif isinstance(key, tuple) and len(key) == 1:
                    self.labels.columns.add(key[0])
                    named = True
            if not named and all(_fixed_slice(p) for p in value.index):
                # `labels[:100]` is still the labels; `ids[:, i + 1:]` (a window that moves, as
                # in next-token targets) names no variable
                self.name_of(value.obj, depth)
        elif kind is ir.GetAttr:
            if value.name in _TRANSPARENT:
                self.name_of(value.obj, depth)
            elif value.name not in METADATA_ATTRS:
                self.labels.attrs.add(value.name)
                self.labels.columns.add(value.name)
        elif kind is ir.MethodCall:
            if value.name == "pop" and value.args:
                key = self.constant(value.args[0].value)
                if isinstance(key, str):
                    self.labels.columns.add(key)
            elif type(value.obj) is ir.Var and value.obj.name in self.modules:
                if value.name in _CONVERSIONS:  # `np.array(y)`, `torch.tensor(y)`
                    for arg in value.args[:1]:
                        self.name_of(arg.value, depth)
            elif value.name in _CONSTRUCTORS and value.args:
                # `pl.Series(y)`, `cp.asarray(y)`: a namespace builds a new value from its argument
                self.name_of(value.args[0].value, depth)
            elif value.name in _CONVERSIONS:
                self.name_of(value.obj, depth)
                for arg in value.args[:1]:
                    if value.name in ("fit_transform", "transform", "map", "apply"):
                        self.name_of(arg.value, depth)
            elif value.name in ("array", "asarray", "tensor", "from_numpy", "ravel"):
                for arg in value.args[:1]:
                    self.name_of(arg.value, depth)
        elif kind is ir.Call:
            last = value.callee.rsplit(".", 1)[-1]
            if last in _CONVERSIONS:
                for arg in value.args[:1]:
                    self.name_of(arg.value, depth)
        elif kind is ir.Unpack:
            self._unpack(value, depth)
        elif kind is ir.Compare or kind is ir.BinOp:
            # `genotypes > 0`, `price * 1.0`: a threshold or a scaling of the label
            operands = value.operands if kind is ir.Compare else (value.left, value.right)
            variables = [o for o in operands if type(o) is ir.Var]
            if len(variables) == 1:
                self.name_of(variables[0], depth)
        elif kind is ir.UnaryOp:
            self.name_of(value.operand, depth)

    def _unpack(self, value: ir.Unpack, depth: int) -> None:
        """`X_tr, X_te, y_tr, y_te = train_test_split(X, y)`: follow the input at that position."""
        source = value.value
        if type(source) is not ir.Var:
            return
        for definition in self.defs.get(source.name, ()):
            if type(definition) not in (ir.Call, ir.MethodCall):
                continue
            name = (
                definition.name
                if type(definition) is ir.MethodCall
                else definition.callee.rsplit(".", 1)[-1]
            )
            positional = [a.value for a in definition.args if a.keyword is None and a.star == 0]
            if name == "train_test_split" and value.star < 0:
                position = value.index // 2
                # a label-named output at the first array's position is a wrong-order unpacking
                # (`x_tr, y_tr, x_te, y_te = ...`): the first array is the features, not the label
                if position < len(positional) and not (position == 0 and len(positional) > 1):
                    self.name_of(positional[position], depth)
            elif name in ("fit_resample", "fit_sample", "resample", "shuffle", "make_imbalance"):
                if value.index < len(positional):
                    self.name_of(positional[value.index], depth)
