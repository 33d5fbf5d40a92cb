"""The row policy: which rows each value holds, which rows a statistic learned from.

It hands the engine (see `dataflow/policy.py`) the row facts MLA002-MLA004 share:

* *origins* — a named value that holds no known rows yet (a frame read from a file, arrays a
  loader returned, a function's parameter) gets rows of its own (`on_bind`);
* *splits* — `train_test_split`, `random_split`, a splitter's `.split` (or, in old scikit-learn,
  the splitter itself) give each output one side of a `Split`; subscripts take a side: index
  arrays from a split, positional slices (`[:n]` is the head, `[n:]` the tail), and masks on a
  column (`==`/`!=`, `<`/`>=`, `<=`/`>`, `isin`/`~isin` are pairs of sides);
* *copies* — oversamplers, `resample`/`sample` with replacement, and a `concat` of parts that
  share rows mark the rows copied (`Dup`): after a copy, two sides of a split share rows;
* *statistics* — a stateful transformer's `fit` (stored on the transformer, applied by
  `transform`), a reduction over rows (`mean`, `std`, `quantile`, `np.percentile`, ...), a
  scikit-learn function form (`scale`), `pd.qcut`: the result carries `learned` keys naming the
  place and the rows it learned from;
* *models* — a model's `fit` stores `trained` keys (the rows it was trained on) on the model,
  replacing what an earlier fit stored.

The evaluation calls (training, inference, cross-validation, metrics) are observed; `events.py`
turns the observations into the events the rules judge.
"""

from __future__ import annotations

import re

from ...dataflow.policy import (
    BindEvent,
    CallEffect,
    CallEvent,
    ItemEvent,
    Policy,
    Shape,
    Source,
    own,
    own_outer,
)
from . import library as lib
from .keys import (
    CODE,
    MaskRef,
    Place,
    class_key,
    classes,
    index_key,
    learned_key,
    mask_key,
    order_key,
    pred_key,
    row_paths,
    rows_key,
    trained_key,
)
from .roles import display, role_of, stateful
from .rowsets import Dup, Origin, Part, RowPath, Split, complement, overlap

# Kinds of values that never hold rows (functions, modules, strings, numbers).
_NOT_DATA_KINDS = (
    "fn:",
    "mod",
    "str",
    "int",
    "float",
    "num",
    "bool",
    "none",
    "cls:",
    "class:",
    "list",
    "tuple",
    "dict",
    "set",
    "range",
    "colname",
    "columns",
    "mask",
    "meta",
    "counter",
    "lib:",
    "window",
    "groupby",
    "indexer",
    "obj:",
    "rng",
)
# values made from numbers, not read: a grid of candidates is no data set
# scalars and bookkeeping, not data
_SCALAR_CALLS = frozenset(
    {
        "len",
        "time",
        "perf_counter",
        "int",
        "float",
        "str",
        "round",
        "bool",
        "sum",
        "min",
        "max",
        "abs",
        "count",
        "nunique",
        "format",
        "join",
        "isinstance",
        "hasattr",
        "getattr",
        "id",
    }
)
# functions returning an order of row positions (`np.random.permutation(len(X))`,
# `torch.randperm(n)`, `rng.permutation(n)`); `np.arange(n)` shuffled in place is one too
_ORDERS = frozenset({"permutation", "randperm", "arange"})

_GENERATED = frozenset(
    {
        "arange",
        "linspace",
        "logspace",
        "geomspace",
        "range",
        "zeros",
        "ones",
        "full",
        "empty",
        "eye",
        "meshgrid",
        "list",
        "dict",
        "set",
        "tuple",
        "sorted",
        "product",
        "combinations",
    }
)

OBSERVED = frozenset(
    lib.TRAINING_METHODS
    | lib.INFERENCE_METHODS
    | lib.CV_FUNCTIONS
    | lib.METRIC_FUNCTIONS
    | lib.CURVE_FUNCTIONS
    | lib.TRAINING_FUNCTIONS
)


def _own(val) -> dict:
    return own(val, CODE)


def _place(event: CallEvent, what: str) -> Place:
    span = event.site.span
    return Place(event.site.path, span.line, span.column, what)


def _class_names(val) -> set[str]:
    return classes(_own(val))


# Python containers: their `append` returns None, so no stacked result is marked
_PLAIN_CONTAINERS = frozenset({"list", "dict", "set", "tuple", "none"})


def _copied_parts(paths: list[set[RowPath]]) -> set[RowPath]:
    """The row paths that share rows with a path of another part of a stack.

    Only paths of one origin can overlap, so they are compared within their origin: a list
    stacked in a loop holds many origins, and comparing every pair grew with their square."""
    by_origin: dict = {}
    for index, part in enumerate(paths):
        for path in part:
            by_origin.setdefault(path.origin, []).append((index, path))
    copied: set[RowPath] = set()
    for members in by_origin.values():
        for position, (index, path) in enumerate(members):
            for other_index, other in members[position + 1 :]:
                if other_index != index and overlap(path, other):
                    copied.add(path)
                    copied.add(other)
    return copied


def _pass(*vals, kinds=("rows", "learned")) -> dict:
    """The keys of `vals` of the given kinds, passed on unchanged."""
    out: dict = {}
    for val in vals:
        for key in _own(val):
            if key[1] in kinds:
                out[key] = key
    return out


class RowsPolicy(Policy):
    code = CODE
    observe_calls = OBSERVED
    # `1 if x > df.x.mean() else 0`: a value chosen by a statistic carries it (rows do not flow
    # through conditions: `if len(df) > 100:` says nothing about which rows a value holds)
    implicit_flows = True

    @staticmethod
    def implicit_key(key) -> bool:
        return key[1] == "learned"

    # a model's predictions still hold the rows they were made for: keep keys through them
    # metadata keeps rows: `train.index` names the rows a sample took (`df.drop(train.index)`)
    kills_steps = frozenset()

    def __init__(self, config=None) -> None:
        self.config = config
        # where rows were stacked (to name the `concat` that put test rows into training data),
        # and the first place each mask or slice split was taken (to name it in a trace)
        self.stack_places: set[tuple[str, int]] = set()
        self.split_places: dict[Split, tuple[str, int]] = {}
        self.stack_orders: dict[frozenset, tuple] = {}  # rows of a concat -> its parts, in order
        self.loop_targets: set = set()
        self.data_modules: set = set()
        self.pytest_modules: frozenset[str] = frozenset()
        self.accumulators: set[tuple[str, int]] = set()
        self.seeded_splits: dict[tuple, Split] = {}  # literal arguments and rows -> the split

    def prefilter(self, text: str) -> bool:
        return may_evaluate(text)

    def prepare(self, program) -> None:
        from .report import pytest_modules

        self.loop_targets = loop_targets(program)
        self.data_modules = data_modules(program)
        self.pytest_modules = pytest_modules(program)
        self.accumulators = accumulator_sites(program)

    def finish(self, result) -> None:
        self.result = result
        result.policy = self  # the rules read the split and stack places recorded here

    # ----- origins --------------------------------------------------------------------------
    def on_bind(self, event: BindEvent) -> Source | None:
        if _own(event.value):
            return None  # rows, a statistic, a model, a mask, predictions: not new data
        if event.site.path not in self.data_modules and not (event.is_param and event.value.kind):
            return None  # (a parameter given a known value by a caller is data it was handed)
        span = event.site.span
        if (event.site.path, span.line, span.column) in self.loop_targets:
            return None  # an element of something that held no rows (column names, counts)
        kind = event.value.kind or ""
        if kind.startswith(_NOT_DATA_KINDS) or event.value.const is not None:
            return None
        expr = event.expr
        callee = getattr(expr, "callee", "") or getattr(expr, "name", "") or ""
        last = callee.rsplit(".", 1)[-1]
        if last in _GENERATED or last in _SCALAR_CALLS or last in lib.METRIC_FUNCTIONS:
            return None
        if type(expr).__name__ in ("Import", "FunctionRef", "ClassRef", "Compare", "BoolOp"):
            return None
        span = event.site.span
        origin = Origin(event.site.path, span.line, event.name)
        return Source(rows_key(RowPath(origin)), f"{event.name} holds rows")

    def _file_read_in_a_function(self, event: CallEvent, name: str) -> CallEffect | None:
        """A helper reading the file its caller names holds different rows for each file.

        An origin is otherwise a place in the code, so `load(path)` called for two cohorts would
        read "the same rows" twice, and a model trained on one cohort's part looked scored on its
        own rows when the other cohort was evaluated. Only inside a function, where the same
        line runs for different files; the path must be a literal the caller passed."""
        if not name.startswith(lib.FILE_READERS) or event.site.function.qualname == "<module>":
            return None
        if event.site.path not in self.data_modules:
            return None
        file = event.const(0, None)
        if not isinstance(file, str):
            return None
        origin = Origin(event.site.path, event.site.span.line, f"{name}({file!r})")
        return CallEffect(source=Source(rows_key(RowPath(origin)), f"rows read from {file}"))

    # ----- calls ----------------------------------------------------------------------------
    def on_call(self, event: CallEvent) -> CallEffect | None:
        if event.in_tree:
            return None  # the engine follows the user's own code
        name = event.name
        if name in _ORDERS and not event.keywords.get("axis"):
            # a shuffled (or plain) order of positions: its slices cut the rows they index
            split = Split(
                event.site.path,
                event.site.span.line,
                f"{'an' if name[0] in 'aeiou' else 'a'} {name}() index",
            )
            return CallEffect(result=Shape(keys={order_key(split): None}))
        recv_classes = _class_names(event.receiver) if event.receiver is not None else set()
        if event.receiver is None or not recv_classes:
            effect = self._function_call(event, name)
            if effect is not None:
                return effect
        if event.receiver is not None:
            return self._method_call(event, name, recv_classes)
        return None

    def _function_call(self, event: CallEvent, name: str) -> CallEffect | None:
        read = self._file_read_in_a_function(event, name)
        if read is not None:
            return read
        if name in lib.SPLIT_FUNCTIONS or (name == "split" and _is_numpy(event)):
            return self._split_function(event, name)
        if name in lib.METRIC_FUNCTIONS or name in lib.CURVE_FUNCTIONS:
            return CallEffect(kill=True)  # a score holds no rows
        if name in lib.COMPOSITE_FACTORIES or name in lib.COMPOSITES:
            return CallEffect(result=Shape(keys=self._composite_keys(event)))
        if name[:1].isupper():
            return self._constructor(event, name)
        if event.receiver is None and name in lib.ROW_STACKING_FUNCTIONS:
            # `torch.cat(tensors, dim)`: torch names the axis `dim`
            axis = event.const(1, "dim") if name == "cat" else event.const(None, "axis")
            return self._stack(event, event.args[:1] or (), axis=axis)
        if name == "resample" and event.receiver is None:
            return self._resample_function(event)
        if name in ("repeat", "tile") and event.args and _own_rows(event.args[0]):
            if event.const(None, "axis") in (1, -1):
                return None
            return CallEffect(
                result=_part_shape(event.args[0], _dup(event, f"rows copied by {name}"))
            )
        if name in lib.STATISTIC_FUNCTIONS or name in lib.BINNING_FUNCTIONS:
            return self._statistic_function(event, name)
        return None

    def _method_call(
        self, event: CallEvent, name: str, recv_classes: set[str]
    ) -> CallEffect | None:
        recv = event.receiver
        if recv_classes:
            return self._object_method(event, name, recv_classes)
        # a receiver of no known class (a parameter, `self.model`): `fit(X, y)` trains a model
        if name in lib.TRAINING_METHODS and len(event.args) >= 2:
            return self._train(event, set())
        if name in lib.INFERENCE_METHODS and any(k[1] == "trained" for k in _own(recv)):
            return self._object_method(event, name, {"model:unknown"})
        if recv.kind == "window":
            return None  # `rolling(7).mean()`: each row's neighbours, not every row
        if recv.kind == "groupby" and hasattr(recv.meta, "frame"):
            # `df.groupby("g")["x"].transform("mean")`: a statistic of every row of each group
            grouped = recv.meta.frame
            if name in ("transform", "fillna"):
                return self._reduction(event, grouped, keep_rows=True)
            if name in lib.STATISTIC_METHODS or name in ("agg", "aggregate", "sum", "apply"):
                return self._reduction(event, grouped)
            return None
        if name in lib.STATISTIC_METHODS and not self._row_wise(event, axis_position=0):
            return self._reduction(event, recv)
        if name == "transform" and any(k[1] == "rows" for k in _own(recv)):
            return self._reduction(event, recv, keep_rows=True)  # groupby(...).transform
        if name == "sample":
            return self._sample(event)
        if name == "drop" and event.args:
            effect = self._drop_sampled(event)
            if effect is not None:
                return effect
        if name == "isin" and event.args:
            part = _part_named_by_index(recv, event.args[0])
            if part is not None:  # `df.index.isin(valid.index)`: the rows of that part
                return CallEffect(result=Shape(keys={index_key(part): None}, rewrite=_drop_rows))
        if name == "isin" and event.receiver_column and event.args:
            listed = event.args[0].const
            mask = MaskRef(event.site.path, event.receiver_column, "isin", repr(listed))
            side = f"in:{listed!r}"
            return CallEffect(result=Shape(keys={mask_key(mask, side): None}, rewrite=_keep))
        if (
            name == "append"
            and recv.kind not in _PLAIN_CONTAINERS
            and any(k[1] == "rows" for k in _own(recv))
        ):  # `df.append(other)` stacks rows; `items.append(x)` returns None (nothing to mark)
            return self._stack(event, (recv, *event.args), axis=event.const(None, "axis"))
        return _with_learned_arguments(event)

    # ----- objects of library classes -------------------------------------------------------
    def _constructor(self, event: CallEvent, name: str) -> CallEffect | None:
        known = (
            lib.STATEFUL_TRANSFORMERS
            | lib.CATEGORY_ENCODERS
            | lib.STATELESS_TRANSFORMERS
            | lib.OVERSAMPLERS
            | lib.UNDERSAMPLERS
            | lib.SPLITTERS
            | lib.SEARCH_CLASSES
        )
        qualified = event.qualified or ""
        library = qualified.split(".")[0] in _MODEL_LIBRARIES
        if name in lib.DATA_CONTAINERS or (name not in known and not library):
            return None
        keys = {class_key(name): None}
        if name in lib.CATEGORY_ENCODERS and any(
            k in event.keywords for k in lib.CATEGORY_FREQUENCY_OPTIONS
        ):
            keys = {class_key("SelectedCategories"): None}
        if name == "OneHotEncoder" and "categories" in event.keywords:
            keys = {class_key("FixedCategories"): None}
        if name in lib.SEARCH_CLASSES and event.args:
            for inner in _class_names(event.args[0]):
                keys[class_key(f"search-of:{inner}")] = None
        shape = Shape(keys=keys)
        if name in lib.SPLITTERS:
            # iterating an old-style splitter (`for tr, te in KFold(n, 5)`) yields index pairs
            split = Split(event.site.path, event.site.span.line, name)
            shape = Shape(keys=keys, elem=_index_pair(split))
        return CallEffect(result=shape)

    def _composite_keys(self, event: CallEvent) -> dict:
        steps = []
        given = [*event.args]
        given += [
            event.keywords[k]
            for k in ("steps", "transformer_list", "transformers")
            if k in event.keywords
        ]
        for arg in given:
            items = arg.items if arg.items is not None else (arg,)
            for item in items:
                # ("name", Estimator()) pairs, ("name", Transformer(), columns) triples
                parts = item.items if item.items is not None and len(item.items) in (2, 3) else None
                steps.append(parts[1] if parts else item)
        names = [_class_names(step) for step in steps]
        if event.name in (
            "ColumnTransformer",
            "FeatureUnion",
            "make_column_transformer",
            "make_union",
        ):
            names.append({"pipeline:transform"})  # never a model, whatever its parts are
        stateful = any(n & (lib.STATEFUL_TRANSFORMERS | {"pipeline:stateful"}) for n in names)
        last = names[-1] if names else set()
        model = bool(last) and not (
            last
            <= (
                lib.STATEFUL_TRANSFORMERS
                | lib.CATEGORY_ENCODERS
                | lib.STATELESS_TRANSFORMERS
                | {"pipeline:stateful", "pipeline:transform", "FixedCategories"}
            )
        )
        keys = {class_key("pipeline:model" if model else "pipeline:transform"): None}
        if stateful:
            keys[class_key("pipeline:stateful")] = None
        return keys

    def _object_method(
        self, event: CallEvent, name: str, recv_classes: set[str]
    ) -> CallEffect | None:
        recv = event.receiver
        role = role_of(recv_classes)
        if role == "splitter" and name == "split":
            split = Split(event.site.path, event.site.span.line, next(iter(sorted(recv_classes))))
            return CallEffect(result=Shape(elem=_index_pair(split)))
        if role == "resampler" and name in lib.RESAMPLE_METHODS:
            if not recv_classes & lib.OVERSAMPLERS:
                return None  # undersampling copies nothing: the rows pass as they are
            dup = _dup(event, f"rows oversampled by {display(recv_classes)}")
            items = tuple(_part_shape(arg, dup) for arg in event.args[:2])
            return CallEffect(result=Shape(items=items, rewrite=_drop_rows))
        if role == "transformer":
            return self._transformer_method(event, name, recv_classes)
        if role in ("model", "search") and name in lib.TRAINING_METHODS:
            return self._train(event, recv_classes)
        if role in ("model", "search") and name in lib.INFERENCE_METHODS:
            data = event.arg(0, "X") or event.arg(0, "x")
            if name in ("score", "evaluate"):
                return CallEffect(kill=True)  # a score holds no rows
            keys = _pass(data, recv)
            keys.update(_pass(recv, kinds=("trained",)))
            keys[pred_key(_place(event, f"{display(recv_classes)}.{name}"))] = None
            return CallEffect(result=Shape(keys=keys))
        return None

    def _transformer_method(
        self, event: CallEvent, name: str, recv_classes: set[str]
    ) -> CallEffect | None:
        recv = event.receiver
        learns = stateful(recv_classes)
        data = (
            event.arg(0, "X")
            if event.args or "X" in event.keywords
            else event.arg(0, "raw_documents")
        )
        keep_classes = {k: None for k in _own(recv) if k[1] == "class"}
        if name in ("fit", "fit_transform", "partial_fit", "fit_on_texts", "fit_predict"):
            learned = dict(keep_classes)
            if learns:
                place = _place(event, f"{display(recv_classes)}.{name}")
                for key in _own(data):
                    if key[1] == "rows":
                        learned[learned_key(place, key[2])] = key
                    elif key[1] == "learned":
                        learned[key] = key
            receiver = Shape(keys=learned)
            if name in ("fit", "partial_fit", "fit_on_texts"):
                return CallEffect(
                    result=Shape(keys=dict(learned)), receiver=receiver, receiver_replace=True
                )
            result = _pass(data)
            result.update({k: v for k, v in learned.items() if k[1] == "learned"})
            return CallEffect(result=Shape(keys=result), receiver=receiver, receiver_replace=True)
        if name in ("transform", "inverse_transform", "texts_to_sequences", "predict"):
            result = _pass(data)
            result.update(_pass(recv, kinds=("learned",)))
            return CallEffect(result=Shape(keys=result))
        return None

    def _train(self, event: CallEvent, recv_classes: set[str]) -> CallEffect:
        recv = event.receiver
        place = _place(event, f"{display(recv_classes)}.{event.name}")
        keys: dict = {k: None for k in _own(recv) if k[1] == "class"}
        features = event.arg(0, "X") or event.arg(0, "x") or event.arg(None, "generator")
        labels = event.arg(1, "y")
        # the training rows are the feature rows: labels often come from the training file
        # itself (`y = train.pop("price")`) and hold no split of the frame the features came from
        # A statistic shapes the model through its features; one only in the labels defines the
        # target (`y = price > price.mean()`), which is how the task is posed, not preprocessing
        for arg in (features, labels):
            for key in _own(arg):
                if key[1] == "rows" and (arg is features or not _own_rows(features)):
                    keys[trained_key(place, key[2])] = key
                elif key[1] == "learned" and (arg is features or features is None):
                    keys[key] = key
        if role_of(recv_classes) == "search" or "pipeline:model" in recv_classes:
            pass  # the search or pipeline refits its own transformers: nothing more to store
        return CallEffect(
            result=Shape(keys=dict(keys)), receiver=Shape(keys=keys), receiver_replace=True
        )

    # ----- splits ---------------------------------------------------------------------------
    def _split_function(self, event: CallEvent, name: str) -> CallEffect:
        split = self._seeded_split(event, name) or Split(
            event.site.path, event.site.span.line, event.callee if name == "split" else name
        )
        if name == "train_test_split":
            items = []
            for arg in event.args:
                items.append(_part_shape(arg, Part(split, "0")))
                items.append(_part_shape(arg, Part(split, "1")))
            return CallEffect(result=Shape(items=tuple(items), rewrite=_drop_rows))
        data = event.args[0] if event.args else None
        lengths = event.args[1] if len(event.args) > 1 else None
        count = len(lengths.items) if lengths is not None and lengths.items is not None else 2
        if name in ("split", "array_split") and lengths is not None and lengths.items is not None:
            count += 1  # `np.split(df, [n_train, n_valid])`: cut points, one part more than them
        if isinstance(getattr(lengths, "const", None), int):
            count = lengths.const
        parts = tuple(_part_shape(data, Part(split, str(i))) for i in range(count))
        return CallEffect(result=Shape(items=parts, rewrite=_drop_rows))

    def _seeded_split(self, event: CallEvent, name: str) -> Split | None:
        """`train_test_split(X, y, test_size=0.2, random_state=42)` called again in a later cell
        with the same rows and the same literal arguments cuts the same rows the same way: one
        split, not two (two *unseeded* or differently seeded splits still share rows)."""
        if name != "train_test_split":
            return None
        seed = event.const(None, "random_state")
        if not isinstance(seed, int) or isinstance(seed, bool) or not event.args:
            return None
        options = []
        for keyword in ("test_size", "train_size", "shuffle", "stratify"):
            value = event.keywords.get(keyword)
            if value is None:
                options.append((keyword, None))
            elif value.const is not None:
                options.append((keyword, repr(value.const)))
            else:
                return None  # a computed size or a stratify column: not provably the same
        rows = tuple(frozenset(row_paths(_own(arg))) for arg in event.args)
        if not any(rows):
            return None
        signature = (event.site.path, seed, tuple(options), rows)
        split = self.seeded_splits.get(signature)
        if split is None:
            split = Split(event.site.path, event.site.span.line, name)
            self.seeded_splits[signature] = split
        return split

    def on_item(self, event: ItemEvent) -> Shape | None:
        obj = event.obj
        index = event.ir.index if event.ir is not None else ()
        if len(index) == 1 and type(index[0]).__name__ == "Slice":
            orders = [k[2] for k in _own(obj) if k[1] == "order"]
            side = _slice_side(index[0].lower, index[0].upper) if orders else None
            if side is not None:
                return Shape(keys={index_key(Part(orders[0], side)): None})
        if obj.kind == "indexer" and isinstance(obj.meta, tuple) and len(obj.meta) == 2:
            obj = obj.meta[1]  # `df.iloc[idx]`, `df.loc[mask]`: rows of the frame behind
        base = _own(obj)
        if not any(k[1] == "rows" for k in base):
            return None
        index = event.ir.index if event.ir is not None else ()
        first = index[0] if index else None
        # the event's index values leave slices out: `df.loc[:, mask]` gives one value, the
        # column mask, which must not be read as a row selector
        first_val = event.index[0] if event.index and type(first).__name__ != "Slice" else None
        part = None
        if first_val is not None:
            parts = [k[2] for k in _own(first_val) if k[1] == "index"]
            masks = [(k[2], k[3]) for k in _own(first_val) if k[1] == "mask"]
            if parts:
                part = parts[0]
            elif masks:
                mask, side = masks[0]
                # `isin` lists and `==` values cut one column the same way: one split
                kind = "eq" if mask.kind == "isin" else mask.kind
                part = Part(Split(mask.path, 0, f"{mask.column} {kind}"), side)
        if part is None and first is not None and type(first).__name__ == "Slice":
            lower, upper = first.lower, first.upper
            order = self.stack_orders.get(frozenset(row_paths(base)))
            if order is not None and (lower is None) != (upper is None):
                # the head of a concatenation is its first part, the tail the others
                kept = order[0] if upper is not None else frozenset().union(*order[1:])
                return Shape(
                    rewrite=lambda key: key if key[1] != "rows" or key[2] in kept else None
                )
            side = _slice_side(lower, upper)
            if side is not None:
                origins = sorted({f"{p.origin.path}:{p.origin.line}" for p in row_paths(base)})
                split = Split(event.site.path, 0, "positional " + "|".join(origins))
                part = Part(split, side)
        own_keys = set(base)

        def of_object(key):
            # a lookup by a value holding rows of its own, or a filter by a statistic
            # (`df[df.x < df.x.quantile(.99)]`: a row filter, not a transformed value)
            return key if key[1] not in ("rows", "learned") or key in own_keys else None

        if part is None:
            # `X[:, 1]`, `images[:, ::-1]`, `df.iloc[:, 1:]`: columns by position (the engine
            # keeps no column's keys then) of the same rows
            kept = _positional_keep(obj, event)
            if not kept and obj.kind == "frame":
                # `df[["a", "b"]]` after `df = df.fillna(df.mean())`: a statistic of the whole
                # frame reaches every column chosen from it
                kept = {k: k for k in own_outer(obj, CODE) if k[1] == "learned"}
            return Shape(keys=kept, rewrite=of_object) if kept else Shape(rewrite=of_object)
        here = (event.site.path, event.site.span.line)
        known = self.split_places.get(part.split)
        if known is None or here < known:
            self.split_places[part.split] = here
        refine = _then(part)
        return Shape(
            keys=_rows_then(obj, part),
            rewrite=lambda key: refine(key) if of_object(key) is not None else None,
        )

    def on_op(self, event) -> Shape | None:
        """A comparison of a column with a constant is one side of a mask split."""
        operands = event.operands
        if event.op == "Invert" and operands:
            flipped = {
                mask_key(k[2], _negate(k[3])): k for k in _own(operands[0]) if k[1] == "mask"
            }
            # `~df.index.isin(valid.index)`: every row but that part's
            flipped.update(
                {
                    index_key(Part(k[2].split, complement(k[2].side))): k
                    for k in _own(operands[0])
                    if k[1] == "index"
                }
            )
            if not flipped:
                return None
            return Shape(
                keys=flipped, rewrite=lambda key: None if key[1] in ("mask", "index") else key
            )
        if event.op not in _MASK_OPS or len(operands) != 2:
            return None
        (left, right), (column, other) = operands, event.columns
        position = 1
        if column is None and other is not None:  # `"chr20" == df.chrom`
            left, right, column, position = right, left, other, 0
        if column is None:
            return None
        if right.const is not None:
            value = repr(right.const)
        else:
            # `df.date < cutoff` with `cutoff = pd.Timestamp("2020-01-01")`: a named value
            # that holds no rows; the same name on both sides cuts the same way
            named = getattr(event.ir, "operands", ())
            operand = named[position] if len(named) == 2 else None
            name = getattr(operand, "name", "")
            if not name or name.startswith("$") or _own(right):
                return None
            value = f"${name}"
        kind, sign = _MASK_OPS[event.op]
        mask = MaskRef(event.site.path, column, kind, value)
        side = f"{sign}{value}"
        return Shape(keys={mask_key(mask, side): None})

    # ----- copies and stacking --------------------------------------------------------------
    def _stack(self, event: CallEvent, parts, axis) -> CallEffect | None:
        if axis in lib.ROW_WISE_AXES:
            return None  # side by side: the rows of each part
        values = []
        for part in parts:
            values.extend(part.items if part.items is not None else (part,))
        paths = [row_paths(_own(v)) for v in values]
        if (event.site.path, event.site.span.line) in self.accumulators and len(paths) > 1:
            # `acc = acc.append(df.loc[i])` in a loop: each pass adds other rows to what earlier
            # passes gathered, so the new part is compared with the other new parts only
            copied = _copied_parts(paths[1:])
        else:
            copied = _copied_parts(paths)
        self.stack_places.add((event.site.path, event.site.span.line))
        if not copied and len(paths) > 1 and all(paths):
            # `pd.concat([train, test])`: remember the order, so `full[:len(train)]` is train
            self.stack_orders[frozenset().union(*paths)] = tuple(frozenset(p) for p in paths)
        dup = _dup(event, "rows stacked together with copies of themselves")
        keys: dict = {}
        for value in values:
            for key in _own(value):
                if key[1] == "rows" and key[2] in copied:
                    keys[rows_key(key[2].then(dup))] = key
                elif key[1] in ("rows", "learned"):
                    keys[key] = key

        def rewrite(key):
            if key[1] == "rows" and key[2] in copied:
                return rows_key(key[2].then(dup))
            return key

        return CallEffect(result=Shape(keys=keys, rewrite=rewrite))

    def _resample_function(self, event: CallEvent) -> CallEffect:
        replace = event.const(None, "replace")
        copies = replace is not False
        dup = _dup(event, "rows resampled with replacement")
        if not copies:
            return None
        shapes = tuple(_part_shape(arg, dup) for arg in event.args)
        if len(shapes) == 1:
            return CallEffect(result=shapes[0])
        return CallEffect(result=Shape(items=shapes, rewrite=_drop_rows))

    def _sample(self, event: CallEvent) -> CallEffect | None:
        recv = event.receiver
        frac = event.const(None, "frac")
        if event.const(None, "replace") is True or (isinstance(frac, (int, float)) and frac > 1):
            return CallEffect(
                result=_part_shape(recv, _dup(event, "rows sampled with replacement"))
            )
        if frac == 1 or not _own_rows(recv):
            return None  # a shuffle keeps every row
        # `train = df.sample(frac=0.8)`: one side of a split; `df.drop(train.index)` the other
        split = Split(event.site.path, event.site.span.line, "sample")
        self.split_places.setdefault(split, (event.site.path, event.site.span.line))
        return CallEffect(result=_part_shape(recv, Part(split, "in")))

    def _drop_sampled(self, event: CallEvent) -> CallEffect | None:
        """`df.drop(train.index)`: the rows a sample (or any other part of df) did not take."""
        index = event.arg(0, "index") or event.arg(None, "labels")
        if index is None or event.const(None, "axis") in (1, "columns"):
            return None
        sampled = [
            step
            for path in row_paths(_own(index))
            for step in path.steps[-1:]
            if isinstance(step, Part) and step.split.how == "sample"
        ]
        if sampled:
            return CallEffect(result=_part_shape(event.receiver, Part(sampled[0].split, "out")))
        part = _part_named_by_index(event.receiver, index)
        if part is None:
            return None
        return CallEffect(
            result=_part_shape(event.receiver, Part(part.split, complement(part.side)))
        )

    # ----- statistics -----------------------------------------------------------------------
    def _row_wise(self, event: CallEvent, axis_position: int | None) -> bool:
        axis = event.const(axis_position, "axis")
        return axis in lib.ROW_WISE_AXES

    def _reduction(self, event: CallEvent, data, keep_rows: bool = False) -> CallEffect | None:
        keys = _own(data)
        paths = [k for k in keys if k[1] == "rows"]
        if not paths:
            return None
        place = _place(event, _call_text(event))
        out = {learned_key(place, k[2]): k for k in paths}
        out.update({k: k for k in keys if k[1] == "learned"})
        if keep_rows:
            out.update({k: k for k in paths})
        return CallEffect(result=Shape(keys=out))

    def _statistic_function(self, event: CallEvent, name: str) -> CallEffect | None:
        data = event.args[0] if event.args else event.arg(None, "x")
        if data is None:
            return None
        if name == "cut":
            bins = event.arg(1, "bins")
            if bins is None or bins.const is None or not isinstance(bins.const, int):
                return None  # fixed edges
        if name in ("mean", "median", "std", "var", "min", "max", "sum", "percentile", "quantile"):
            module = (event.qualified or event.callee).split(".")[0]
            if module not in ("numpy", "np", "scipy", "torch"):
                return None  # the builtins `min`/`max`/`sum` choose among values
            if self._row_wise(
                event, axis_position=1 if name not in ("percentile", "quantile") else 2
            ):
                return None
        keep_rows = name in (
            "scale",
            "minmax_scale",
            "maxabs_scale",
            "robust_scale",
            "zscore",
            "quantile_transform",
            "power_transform",
            "boxcox",
            "yeojohnson",
            "rankdata",
            "qcut",
            "cut",
        )
        return self._reduction(event, data, keep_rows=keep_rows)


_MODEL_LIBRARIES = frozenset(
    {"sklearn", "xgboost", "lightgbm", "catboost", "keras", "tensorflow", "imblearn", "statsmodels"}
)
_MASK_OPS = {
    "Eq": ("eq", "="),
    "NotEq": ("eq", "!="),
    "Lt": ("lt", "<"),
    "GtE": ("lt", ">="),
    "LtE": ("le", "<="),
    "Gt": ("le", ">"),
}
_NEGATION = {
    "=": "!=",
    "!=": "=",
    "<": ">=",
    ">=": "<",
    "<=": ">",
    ">": "<=",
    "in:": "notin:",
    "notin:": "in:",
}


def _negate(side: str) -> str:
    for sign in sorted(_NEGATION, key=len, reverse=True):
        if side.startswith(sign):
            return _NEGATION[sign] + side[len(sign) :]
    return side


def _call_text(event: CallEvent) -> str:
    return f"{event.callee or event.name}()"


def _dup(event: CallEvent, how: str) -> Dup:
    return Dup(event.site.path, event.site.span.line, how)


def _rows_then(val, step) -> dict:
    """The rows of `val` refined by `step` (a split side or a copy); its statistics kept.

    A statistic written into one column (`df["zone"] = df["zone"].fillna(df["zone"].mode()[0])`)
    stays on that column (the engine's rewrite keeps a frame's fields): only the statistics of
    the value as a whole are added here, so `train[["area"]]` does not carry the zone's mode."""
    keys: dict = {}
    for key in _own(val):
        if key[1] == "rows":
            keys[rows_key(key[2].then(step))] = key
    for key in own_outer(val, CODE):
        if key[1] == "learned":
            keys[key] = key
    return keys


def _own_rows(val) -> bool:
    return any(k[1] == "rows" for k in _own(val))


def _with_learned_arguments(event: CallEvent) -> CallEffect | None:
    """`df.fillna(df.mean())`, `s.map(counts)`: statistics passed in reach the result."""
    learned = {}
    for value in (*event.args, *event.keywords.values()):
        learned.update({k: k for k in _own(value) if k[1] == "learned"})
    if not learned:
        return None
    if event.const(None, "inplace") is True:
        return CallEffect(receiver=Shape(keys=learned, rewrite=_keep))
    return CallEffect(result=Shape(keys=learned, rewrite=_keep))


def _then(step):
    """A key rewrite: rows refined by `step` (a split side, a copy); other keys unchanged."""

    def rewrite(key):
        if key[1] == "rows":
            return rows_key(key[2].then(step))
        return key

    return rewrite


def _is_numpy(event: CallEvent) -> bool:
    """`np.split(...)`, not `text.split()` or a splitter's `.split(X)`."""
    return event.qualified.startswith("numpy.") or event.callee.startswith(("np.", "numpy."))


def _part_named_by_index(whole, index) -> Part | None:
    """The split side `index` names within the rows of `whole`: `valid.index` where `valid` is
    one part of `df` (`df.index.isin(valid.index)`, `df.drop(valid.index)`); None when the index
    holds no rows of `whole`, or all of them, or rows cut by more than one new split."""
    if whole is None or index is None:
        return None
    found = None
    for outer in row_paths(_own(whole)):
        for inner in row_paths(_own(index)):
            if inner.origin != outer.origin or not set(outer.steps) <= set(inner.steps):
                continue
            extra = [step for step in inner.steps if step not in outer.steps]
            if len(extra) != 1 or not isinstance(extra[0], Part):
                return None
            if found is not None and found != extra[0]:
                return None
            found = extra[0]
    return found


def _drop_rows(key):
    return None if key[1] == "rows" else key


def _keep(key):
    return key


_WHOLE_VALUE_KINDS = ("rows", "learned", "trained", "pred")


def _positional_keep(obj, event: ItemEvent) -> dict:
    """The whole-value keys of `obj` for a numpy-style subscript (`X[:, j]`, `X[rows, cols]`):
    which rows a value holds does not depend on the columns chosen."""
    if len(getattr(event.ir, "index", ())) < 2:
        return {}
    return {k: k for k in own_outer(obj, CODE) if k[1] in _WHOLE_VALUE_KINDS}


def _part_shape(val, step) -> Shape:
    """The engine's value at this position with its rows refined by `step` (fields included)."""
    return Shape(keys=_rows_then(val, step), rewrite=_then(step))


def _index_pair(split: Split) -> Shape:
    return Shape(
        items=(
            Shape(keys={index_key(Part(split, "0")): None}),
            Shape(keys={index_key(Part(split, "1")): None}),
        )
    )


# A finding needs an evaluation (a prediction, a score, a cross-validation, a search) in the
# file or in a file that imports it (the engine follows the imports of every file it keeps), so a
# file without one cannot be the only place of a row leak.
# (the metric `_error`s by their scikit-learn names: `_handle_error(` in plain code is no score)
_EVALUATES = re.compile(
    r"\b(?:predict\w*|score|evaluate\w*|cross_val\w*|cross_validate|\w+SearchCV|\w+_score"
    r"|\w*(?:squared|absolute|percentage|log|max)_error|log_loss|\w+_curve"
    r"|classification_report|confusion_matrix)\s*\("
)
_EVALUATION_WORDS = (
    "predict",
    "score",
    "evaluate",
    "cross_val",
    "SearchCV",
    "_error",
    "log_loss",
    "_curve",
    "classification_report",
    "confusion_matrix",
)


# something learns from rows: a fit, a resampler, a split, a search or cross-validation
# (a splitter's `.split(X)` takes data, never a string literal or nothing: `line.split(",")`)
_LEARNS = re.compile(
    r"(?:\.fit\w*|\.train|\.backward|\w+_split|cross_val\w*|cross_validate|\w+SearchCV)\s*\("
    r"|\.split\s*\(\s*[A-Za-z_]"
)


def may_evaluate(text: str) -> bool:
    """The cheap textual test both row policies share (see `Policy.prefilter`): a model is
    evaluated, and something is trained or split, in the file's text."""
    return (
        any(word in text for word in _EVALUATION_WORDS)
        and _EVALUATES.search(text) is not None
        and _LEARNS.search(text) is not None
    )


# Calls that read, generate, split, train or evaluate data: the names the row library models,
# and data readers and loaders. Names programs use for other things (`str.split`, `list.append`,
# `json.load`, a helper `copy_before_split`) are not among them: a module whose only calls are
# such makes no data of its own.
_DATA_NAMES = (
    lib.TRAINING_METHODS
    | lib.TRAINING_FUNCTIONS
    | (lib.INFERENCE_METHODS - {"evaluate"})  # an interpreter's `evaluate` is no model's
    | lib.CV_FUNCTIONS
    | lib.METRIC_FUNCTIONS
    | lib.CURVE_FUNCTIONS
    | lib.SPLIT_FUNCTIONS
    | lib.SPLITTERS
    | lib.SEARCH_CLASSES
    | lib.OVERSAMPLERS
    | lib.UNDERSAMPLERS
    | lib.RESAMPLE_METHODS
    | {"backward", "resample", "loadtxt", "genfromtxt", "load_data", "load_dataset"}
)
_DATA_CALL = re.compile(
    r"^(?:read_(?:csv|table|excel|parquet|json|sql\w*|feather|hdf|pickle|fwf|orc|xml)"
    r"|load_(?:iris|digits|wine|breast_cancer|diabetes|boston|linnerud|svmlight_files?|files)"
    r"|fetch_\w+|make_(?:classification|regression|blobs|moons|circles|friedman\d"
    r"|multilabel_classification|hastie_10_2|gaussian_quantiles|sparse_uncorrelated))$"
)


def _data_call(name: str) -> bool:
    return name in _DATA_NAMES or _DATA_CALL.match(name) is not None


def data_modules(program) -> set[str]:
    """The paths of the modules that read, split, train or evaluate (by the names they call).

    Elsewhere (plugin code, report builders, a linter's own rules) a bound value is not taken
    as a new set of rows: on a large program, an origin at every assignment of every helper
    makes the fixpoint's values grow with the program, not with its data."""
    from dataclasses import fields, is_dataclass

    from ...dataflow import ir

    found: set[str] = set()

    def calls(node) -> bool:
        if type(node) is ir.MethodCall and _data_call(node.name):
            return True
        if type(node) is ir.Call and _data_call(node.callee.rsplit(".", 1)[-1]):
            return True
        if isinstance(node, (list, tuple)):
            return any(calls(item) for item in node)
        if is_dataclass(node) and not isinstance(node, type):
            return any(calls(getattr(node, f.name)) for f in fields(node))
        return False

    for module in getattr(program, "modules", {}).values():
        if any(calls(function.body) for function in module.functions):
            found.add(module.path)
    return found


def near_data_modules(program, data: set[str]) -> set[str]:
    """The paths of the data modules and of the modules that import one: where a loop can vary
    what is trained or scored (a sweep calling a helper module's `train_and_score`)."""
    found = set(data)
    find = getattr(program, "find_module", None)
    for module in getattr(program, "modules", {}).values():
        if module.path in found or find is None:
            continue
        for item in module.imports:
            target = find(module, item.module, item.level)
            if target is None:
                continue
            sub = program.modules.get(f"{target.module_name}.{item.name}") if item.name else None
            if target.path in data or (sub is not None and sub.path in data):
                found.add(module.path)
                break
    return found


def loop_targets(program) -> set[tuple[str, int, int]]:
    """(path, line, column) of every `for` target and comprehension variable of the program."""
    from ...dataflow import ir

    found: set[tuple[str, int, int]] = set()

    def scan(path: str, body) -> None:
        for stmt in body:
            if type(stmt) is ir.Loop:
                for head in stmt.head:
                    if type(head) is ir.Assign and type(head.value) is ir.Element:
                        found.add((path, head.span.line, head.span.column))
                scan(path, stmt.head + stmt.body + stmt.orelse)
            elif type(stmt) is ir.If:
                scan(path, stmt.body + stmt.orelse)
            elif type(stmt) is ir.Try:
                blocks = stmt.body + stmt.orelse + stmt.final
                for handler in stmt.handlers:
                    blocks += handler.body
                scan(path, blocks)

    for module in getattr(program, "modules", {}).values():
        for function in module.functions:
            scan(module.path, function.body)
    return found


_ACCUMULATING = frozenset({"append", "_append", "concat", "vstack", "concatenate", "row_stack"})


def accumulator_sites(program) -> set[tuple[str, int]]:
    """(path, line) of the loop statements that grow a value by the rows one pass picks.

    `res = res.append(raw.loc[i])` or `acc = pd.concat([acc, df.iloc[[i]]])` inside
    `for i in ...`: the first stacked operand is the target itself and every other operand is
    read with the loop's variable (a row picked by position or label, or the loop's element,
    as `row` of `iterrows()`). Such a loop gathers rows; it does not copy them. Appending a
    value the loop does not index (`for _ in range(3): aug = concat([aug, df])`) stays a copy."""
    from ...dataflow import ir

    found: set[tuple[str, int]] = set()

    def loop_names(loop) -> set[str]:
        names = set()
        for head in loop.head:
            if type(head) is ir.Assign:
                names.add(head.target.name)
        return names

    def indexed_by(operand, defs: dict, names: set[str], depth: int = 0) -> bool:
        """The operand is (made from) a loop variable or an item read with one."""
        if type(operand) is not ir.Var or depth > 8:
            return False
        if operand.name in names:
            return True
        expr = defs.get(operand.name)
        if expr is None:
            return False
        kind = type(expr)
        if kind is ir.GetItem:
            if any(
                type(part) is ir.Var and indexed_by(part, defs, names, depth + 1)
                for part in expr.index
            ):
                return True
            return False
        if kind is ir.Copy:
            return indexed_by(expr.source, defs, names, depth + 1)
        if kind is ir.Build:
            return bool(expr.items) and all(
                indexed_by(item, defs, names, depth + 1) for item in expr.items
            )
        if kind in (ir.Call, ir.MethodCall):
            args = [arg.value for arg in expr.args if arg.keyword is None]
            return bool(args) and indexed_by(args[0], defs, names, depth + 1)
        return False

    def stacked(expr, defs: dict) -> list | None:
        """The operands a stacking call stacks, accumulator first; None if not a stack."""
        if type(expr) is ir.MethodCall and expr.name in ("append", "_append") and expr.args:
            return [expr.obj, *(arg.value for arg in expr.args if arg.keyword is None)]
        if type(expr) in (ir.Call, ir.MethodCall) and expr.callee.rsplit(".", 1)[-1] in (
            _ACCUMULATING
        ):
            first = expr.args[0].value if expr.args else None
            built = defs.get(first.name) if type(first) is ir.Var else None
            if type(built) is ir.Build and len(built.items) > 1:
                return list(built.items)
        return None

    def scan(path: str, body, names: set[str], defs: dict) -> None:
        for stmt in body:
            kind = type(stmt)
            if kind is ir.Assign:
                defs[stmt.target.name] = stmt.value
                operands = stacked(stmt.value, defs) if names else None
                if (
                    operands
                    and type(operands[0]) is ir.Var
                    and operands[0].name == stmt.target.name
                    and all(indexed_by(op, defs, names) for op in operands[1:])
                ):
                    found.add((path, stmt.span.line))
            elif kind is ir.Loop:
                inner = names | loop_names(stmt) if not stmt.is_comprehension else names
                scan(path, stmt.head, inner, defs)
                scan(path, stmt.body + stmt.orelse, inner, defs)
            elif kind is ir.If:
                scan(path, stmt.body + stmt.orelse, names, defs)
            elif kind is ir.Try:
                blocks = stmt.body + stmt.orelse + stmt.final
                for handler in stmt.handlers:
                    blocks += handler.body
                scan(path, blocks, names, defs)

    for module in getattr(program, "modules", {}).values():
        for function in module.functions:
            scan(module.path, function.body, set(), {})
    return found


def _slice_side(lower, upper) -> str | None:
    """The side of a positional row split a slice takes: `[:n]` the head, `[n:]` the tail, and
    with literal bounds the interval itself (`series[:7000]`, `series[7000:9000]`,
    `series[9000:]`: a time series cut in three), so that slices whose intervals do not meet are
    disjoint. A slice with two computed bounds is the middle part (`[n_train:-n_test]`)."""
    bounds = [b.value if type(getattr(b, "value", None)) is int else b for b in (lower, upper)]
    if all(b is None or (type(b) is int and -1 <= b <= 1) for b in bounds):
        return None  # `[1:]`, `[:-1]`: a row dropped (a header, a bias term, a shift by one)
    if all(b is None or type(b) is int for b in bounds) and any(type(b) is int for b in bounds):
        low, high = bounds
        if (low is None or low >= 0) and (high is None or high >= 0):
            return f"pos:{'' if low is None else low}:{'' if high is None else high}"
    if (lower is None) != (upper is None):
        return "head" if upper is not None else "tail"
    if lower is not None and upper is not None:
        return "middle"  # `[n_train:-n_test]`: the rows between a head and a tail
    return None
