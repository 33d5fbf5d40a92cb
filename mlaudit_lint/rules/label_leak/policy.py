"""MLA001 as a policy: where the label comes from, where a model consumes features, what sanitises.

Sources (keys `("MLA001", kind, name, path, line, column)`):
* a column, dict key or attribute read by a name the module uses as its target (see
  `inference.py`), a configured label, or a label-like name (`label`, `target`, `*_truth`);
  columns of a frame read in another module count with that module's labels;
* a variable or parameter with a label name bound to a value nothing else explains (not a
  literal, a range, a prediction, a random draw, a path);
* the result of a configured truth source (`truth-sources`), or of a function named like one;
* a frame that still holds a label column its table is known to have (`resolve_table`).

Sinks: the features of `fit`/`predict`/`score`/`cross_val_*` of a model (not of a scaler, an
encoder, a resampler or a splitter), a model's forward call, `TensorDataset`'s and a
`DMatrix`'s data, statsmodels' `exog`, a model's prompt, the return value of a
feature-extraction function, of a Dataset's `__getitem__` (its input part) and of a custom
transformer's `transform`.

Sanitisers: losses, metrics, weights, logging, asserts, shapes and lengths; a model's output
(stacking); a selection by the label (which examples exist) until a membership test.
"""

from __future__ import annotations

import re

from ...dataflow import ir
from ...dataflow.frames import TABLE
from ...dataflow.link import Program
from ...dataflow.ml_api import PROCESS_POOLS
from ...dataflow.policy import (
    BindEvent,
    CallEffect,
    CallEvent,
    Policy,
    ReadEvent,
    ReturnEvent,
    Sink,
    Source,
    own,
)
from ...ftypes import Config
from . import inference
from .names import (
    CONFIG_OBJECT_RE,
    FRESH_ARRAY_CALLS,
    METADATA_ATTRS,
    MODEL_OUTPUT_RE,
    NON_LABEL_CALLS,
    WEAK_LABEL_NAMES,
    is_coordinate_name,
    is_feature_function,
    is_feature_name,
    is_label_attr,
    is_label_name,
    is_model_callee,
    is_sanitizer,
    is_truth_name,
)
from .prefilter import may_contain_flows

CODE = "MLA001"
_FIT = frozenset({"fit", "partial_fit", "fit_generator", "train_on_batch", "train"})
_PREDICT = frozenset(
    {
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
        "staged_predict",
        "staged_predict_proba",
        "predict_on_batch",
        "test_on_batch",
        "evaluate",
        "fit_predict",
    }
)
_NOT_MODELS = frozenset(
    {
        "transformer",
        "target-encoder",
        "label-transformer",
        "selector",
        "resampler",
        "splitter",
        "cluster",
        "loss",
        "metric",
        "dataset",
        "loader",
        "frame",
        "series",
        "array",
    }
)
_CV = frozenset(
    {
        "cross_val_score",
        "cross_val_predict",
        "cross_validate",
        "learning_curve",
        "validation_curve",
        "permutation_test_score",
    }
)
_DATA_CONTAINERS = frozenset({"DMatrix", "DeviceQuantileDMatrix", "QuantileDMatrix", "Pool"})
_STATSMODELS = frozenset({"OLS", "Logit", "GLM", "Probit", "WLS", "GLS", "MNLogit", "Poisson"})
_PROMPT_METHODS = frozenset({"generate", "chat", "complete", "invoke", "predict_text"})
_DATASET_CLASS_RE = re.compile(r"Dataset|Sequence$|DataModule|Data$|Set$|Loader$")
_INPUT_FIELDS = (
    "input",
    "inputs",
    "x",
    "X",
    "features",
    "feature",
    "image",
    "images",
    "input_ids",
    "pixel_values",
    "data",
    "text",
    "seq",
    "tokens",
)
_NONLABEL_KINDS = frozenset(
    {
        "num",
        "str",
        "bool",
        "none",
        "meta",
        "columns",
        "colname",
        "index",
        "counter",
        "pred",
        "file",
        "indexer",
        "groupby",
        "other",
    }
)
_TRUTH_FUNCTION_RE = re.compile(
    r"^(?:load|read|get|parse|fetch)_\w*truth\w*$|^\w*truth_(?:set|vcf|calls|labels?)$",
    re.IGNORECASE,
)


class LabelLeakPolicy(Policy):
    code = CODE
    implicit_flows = True
    # a lag (`shift(1)`) of the label is an autoregressive feature, not the answer
    kills_steps = frozenset({"metadata", "aggregate", "metric", "model-output", "lag"})

    def __init__(self, config: Config):
        self.config = config
        self.labels = frozenset(config.labels)
        self.truth_sources = frozenset(config.truth_sources)
        self.truth_last = frozenset(t.rsplit(".", 1)[-1] for t in config.truth_sources)
        self.modules: dict[str, inference.ModuleLabels] = {}
        self.by_path: dict[str, inference.ModuleLabels] = {}
        self.ml_modules: set[str] = set()
        self.program: Program | None = None

    def prefilter(self, text: str) -> bool:
        return may_contain_flows(text, self.config)

    # ----- what the label is ---------------------------------------------------------------------
    def prepare(self, program: Program) -> None:
        self.program = program
        trains_anywhere = False
        constants = {name: inference.module_constants(m) for name, m in program.modules.items()}
        for name, module in program.modules.items():
            visible = dict(constants[name])
            for item in module.imports:  # `from config import TARGET`
                if item.name and item.name != "*":
                    source = program.find_module(module, item.module, item.level)
                    if source is not None and item.name in constants[source.module_name]:
                        visible.setdefault(item.alias, constants[source.module_name][item.name])
            labels = inference.infer(module, visible)
            self.modules[name] = labels
            self.by_path[module.path] = labels
            trains_anywhere |= labels.trains
        # a label imported from another module is that module's label too (`from features
        # import FAILED`, then `fit(X, FAILED)`): follow it to where it is defined
        for _ in range(3):
            grown = False
            for name, module in program.modules.items():
                for item in module.imports:
                    if not item.name or item.alias not in self.modules[name].names:
                        continue
                    source = program.find_module(module, item.module, item.level)
                    if source is None or item.name in self.modules[source.module_name].names:
                        continue
                    inference.infer_names(
                        source,
                        constants[source.module_name],
                        self.modules[source.module_name],
                        {item.name},
                    )
                    grown = True
            if not grown:
                break
        for name, module in program.modules.items():
            if self.modules[name].trains or _has_ml_calls(module):
                self.ml_modules.add(name)

    def _labels_of(self, path: str) -> inference.ModuleLabels:
        return self.by_path.get(path) or inference.ModuleLabels()

    def _is_label_column(self, name: str, site, obj) -> bool:
        if name in self.labels:
            return True
        if name in self._labels_of(site.path).columns:
            return True
        if any(name in self._labels_of(caller).columns for caller in site.callers):
            return True
        for key in obj.taint:
            if key[0] == TABLE:
                table_path = key[1].rsplit(":", 2)[0]
                if name in self._labels_of(table_path).columns:
                    return True
        return False

    # ----- sources -------------------------------------------------------------------------------
    def on_read(self, event: ReadEvent):
        name = event.name
        site = event.site
        if event.kind == "attr":
            if name in self.labels or any(
                name in self._labels_of(path).attrs for path in (site.path, *site.callers)
            ):
                return self._source("attr", name, site, f"{name}", 0 if name in self.labels else 1)
            if event.obj.kind == "bunch" and name == "target":
                return self._source("attr", name, site, "target", 1)
            if (
                is_label_attr(name)
                and (name not in WEAK_LABEL_NAMES or self._ml(site))
                and not _config_object(event.obj)
            ):
                return self._source("attr", name, site, f"{name}", 2)
            return None
        if event.kind == "store":
            # a column computed into the frame is the label when the program trains on it or it
            # is configured; a label-like name alone (`Sex_Label`, an encoded feature) is not
            if not self._is_label_column(name, site, event.obj):
                return None
        if self._is_label_column(name, site, event.obj):
            strength = 0 if name in self.labels else 1
            return self._source("column", name, site, f"label column {name!r}", strength)
        if (
            is_label_name(name)
            and (name not in WEAK_LABEL_NAMES or self._ml(site))
            and len(name) > 1
            and (not name.isupper() or is_truth_name(name))
        ):
            # an upper-case name is a constant's spelling, except a truth set's own column
            # (hap.py's `TRUTH` sample, a `TRUTH_GT` column)
            return self._source("column", name, site, f"{name!r}", 2)
        return None

    def on_bind(self, event: BindEvent):
        name = event.name
        value = event.value
        site = event.site
        configured = name in self.labels
        inferred = any(name in self._labels_of(p).names for p in (site.path, *site.callers))
        if own(value, CODE) and not (configured or inferred):
            return None  # already label-derived; a name convention adds nothing
        # bare `y`, `target`, `label` are labels only in data code; `diagnosis_label`,
        # `vaf_truth` say so wherever they are
        conventional = is_label_name(name) and (name not in WEAK_LABEL_NAMES or self._ml(site))
        if not (configured or inferred or conventional):
            return None
        if not configured and event.loop_target and type(event.expr) is not ir.Unpack:
            # `for y in d`, `for label in plot_labels`: one element, named for its place (an
            # element of the labels carries their keys already); a pair unpacked from each
            # example (`for features, label in samples`) names its parts, and counts
            return None
        if not configured and (value.kind == "frame" or (value.kind == "" and value.fields)):
            # a label-named table (`y = df.drop(...)`, a frame of many targets) is not one
            # label; its label columns are found by name where they are read
            return None
        if name.isupper() and not (configured or inferred):
            return None  # a constant: `TARGET = "price"` names the column, it is not the label
        if not configured and (
            _explained(value, event.expr) or any(is_coordinate_name(n) for n in event.reads)
        ):
            return None
        if not configured and _simulated(value):
            return None  # drawn at random: a simulation's ground truth, not an observed label
        if not (configured or inferred) and _fresh_placeholder(event):
            return None
        if not (configured or inferred) and any(k[0] == TABLE for k in value.all_taint()):
            # data of known provenance (a split of a table read from a file) named like a
            # label but holding the features (`x_tr, y_tr, x_te, y_te = split(X, y)`)
            return None
        if not configured and _coordinates(event.reads):
            return None
        if (
            not configured
            and event.is_param
            and _axis_params({p.name for p in site.function.params})
        ):
            return None  # `def quaternion_to_euler(x, y, z, w)`: an axis among its siblings
        if not configured and event.is_param and _literal_default(site.function.params, name):
            return None  # `def make(n_samples, target=1)`: a setting, not the labels
        if event.is_param and not site.entry and not _opaque(value):
            return None  # the caller passed something known: it decides what the value is
        return self._source("name", name, site, name, 0 if configured else 1 if inferred else 2)

    def _source(self, kind: str, name: str, site, description: str, strength: int) -> Source:
        """Keys end with how the source was known: 0 configured, 1 used as the target, 2 by
        its name alone (the rule prefers stronger sources when several reach one sink).

        A column or attribute is one label wherever the module reads it (one key per module:
        ten models fitted on a feature list that holds the label are one leak, reported once);
        a variable is keyed by where it is bound."""
        span = site.span
        if kind in ("column", "attr"):
            return Source((CODE, kind, name, site.path, 0, 0, strength), description)
        return Source((CODE, kind, name, site.path, span.line, span.column, strength), description)

    def _ml(self, site) -> bool:
        return site.module.module_name in self.ml_modules

    def resolve_table(self, table: tuple, columns: frozenset, sink_path: str = "") -> Source | None:
        table_id, excluded = table[1], table[2]
        path = table_id.rsplit(":", 2)[0]
        # the table's module's labels, and those of the module where a model consumes it (a
        # frame loaded by a helper of `prep.py`, its target chosen in `train.py`)
        candidates = set(self._labels_of(path).columns) | set(self.labels)
        if sink_path and sink_path != path:
            candidates |= set(self._labels_of(sink_path).columns)
        for name in sorted(candidates & columns):
            if name in excluded or any(
                isinstance(item, tuple) and item[0] == "contains" and item[1] in name
                for item in excluded
            ):
                continue
            strength = 0 if name in self.labels else 1
            return Source(
                (CODE, "table", table_id, name, strength),
                f"label column {name!r} in the frame read",
            )
        return None

    # ----- calls ---------------------------------------------------------------------------------
    def on_call(self, event: CallEvent):
        name = event.name
        callee = event.callee
        last = callee.rsplit(".", 1)[-1] if callee else name
        effect = None
        sinks = self._sinks(event, name, last)
        if sinks:
            effect = CallEffect(sinks=sinks)
        if self._is_truth_source(event, last):
            effect = effect or CallEffect()
            span = event.site.span
            configured = bool(self.truth_sources)
            effect.source = Source(
                (
                    CODE,
                    "truth",
                    last,
                    event.site.path,
                    span.line,
                    span.column,
                    0 if configured else 2,
                ),
                f"truth from {last}()",
            )
        elif self._sanitizes(event, name, last):
            effect = effect or CallEffect()
            effect.kill = True
        return effect

    def _sinks(self, event: CallEvent, name: str, last: str) -> tuple[Sink, ...]:
        role = event.role
        receiver = event.receiver
        if receiver is None and last in ("Model", "Functional") and "outputs" in event.keywords:
            return ()  # keras' `Model(inputs=..., outputs=y)` builds a model; nothing is fed to it
        model_kind = receiver is not None and role not in _NOT_MODELS
        if (
            receiver is not None
            and receiver.kind.startswith("obj:")
            and (name in _FIT or name in _PREDICT)
            and self._reads_only_names(event.in_tree)
        ):
            # a model written by hand whose method reads its input only by column name or for
            # its shape (`X[self.col]`, `len(X)`, `X.columns`): what it reads is judged in its
            # body, not the whole frame at the call
            return ()
        if receiver is not None and name in _FIT and model_kind:
            supervised = len(event.args) >= 2 or any(k in event.keywords for k in ("y", "target"))
            data = event.arg(0, "x")
            if not supervised and data is not None and data.kind in ("dataset", "loader"):
                # keras `fit(dataset)`: each example is (features, label); the features count
                return (
                    Sink(
                        f"features of {name}()",
                        position=0,
                        keyword="x",
                        part=(("elem",), ("item", 0)),
                    ),
                )
            if name == "train" and not supervised:
                return ()
            if role == "" and not supervised:
                return ()
            accept = self._own_target(event.arg(1, "y"))
            if (
                role == ""
                and receiver.kind not in ("", "unknown")
                and not receiver.kind.startswith(("libobj:", "obj:"))
            ):
                return ()
            return (
                Sink(
                    f"features of {name}()",
                    position=0,
                    keyword="X" if "X" in event.keywords else "x",
                ),
            )
        if receiver is not None and name in _PREDICT and model_kind:
            if (
                role == ""
                and receiver.kind not in ("",)
                and not receiver.kind.startswith(("libobj:", "obj:"))
            ):
                return ()
            if name == "evaluate" and role != "estimator":
                return ()
            data = event.arg(0, "x")
            if data is not None and data.kind in ("dataset", "loader") and len(event.args) < 2:
                return _dataset_sink(name, data)
            # a frame still holding the label column at `predict` of a model fitted here fails
            # or repeats a leak of `fit`; what counts there is a label value in the features
            # (a swapped split). A model of unknown origin (loaded from disk) is fitted nowhere
            # in view: its `predict` is the first place it consumes the frame.
            keyword = "X" if "X" in event.keywords else "x"
            fitted_here = receiver.kind.startswith(("libobj:", "obj:"))
            return (
                Sink(f"features of {name}()", position=0, keyword=keyword, tables=not fitted_here),
            )
        if name in _CV or last in _CV:
            accept = self._own_target(event.arg(2, "y"))
            return (Sink(f"features of {last}()", position=1, keyword="X", accept=accept),)
        if last == "TensorDataset" and len(event.args) >= 2:
            return (Sink("input tensor of TensorDataset", position=0),)
        if (last in _DATA_CONTAINERS and not event.qualified.startswith(PROCESS_POOLS)) or (
            last == "Dataset" and "label" in event.keywords
        ):
            return (Sink(f"data of {last}", position=0, keyword="data"),)
        if (
            receiver is None
            and name == "train"
            and event.callee.endswith(("xgb.train", "lgb.train", "xgboost.train", "lightgbm.train"))
        ):
            return ()  # the booster reads the DMatrix, whose data was judged where it was made
        if last in _STATSMODELS and len(event.args) >= 2:
            return (Sink(f"exog of {last}", position=1, keyword="exog"),)
        if receiver is None and not event.calls_object and type(event.ir) is ir.Call:
            function = event.func.kind if event.func is not None else ""
            if function in ("", "unknown") and is_model_callee(last) and event.args:
                return (Sink(f"input of {last or 'the model'}", position=0),)
            if function in ("", "unknown") and is_model_callee(last) and not event.args:
                return _keyword_inputs(event, last)
        if event.calls_object and role == "estimator" and event.args:
            return (Sink(f"input of {last or 'the model'}", position=0),)
        if event.calls_object and role == "estimator" and not event.args:
            return _keyword_inputs(event, last)
        if (
            receiver is not None
            and name in _PROMPT_METHODS
            and (role == "estimator" or is_model_callee(_receiver_name(event)))
        ):
            return (Sink(f"prompt of {name}()", position=0, keyword="prompt"),)
        return ()

    def _reads_only_names(self, in_tree: str) -> bool:
        """Whether the linted method `in_tree` ("<module>:<qualname>") uses its first input only
        through named columns, metadata and `len()`."""
        if not in_tree or self.program is None:
            return False
        module_name, _, qualname = in_tree.partition(":")
        module = self.program.modules.get(module_name)
        if module is None:
            return False
        function = next((f for f in module.functions if f.qualname == qualname), None)
        if function is None or function.class_qualname is None or len(function.params) < 2:
            return False
        uses = _input_uses(function.body, function.params[1].name)
        return uses is not None and uses > 0

    def _own_target(self, target):
        """A model whose target is a known label column counts only that label: another
        model's label among its features is a sub-model's output or a second task
        (a regressor imputing `Age` beside a classifier of `Survived`)."""
        if target is None:
            return None
        columns = {_label_of(key) for key in own(target, CODE) if key[1] in ("column", "table")}
        if not columns:
            return None

        def accept(key) -> bool:
            if key[1] not in ("column", "table"):
                return True
            return _label_of(key) in columns

        return accept

    def _is_truth_source(self, event: CallEvent, last: str) -> bool:
        if not self.truth_sources:
            return bool(_TRUTH_FUNCTION_RE.match(last)) and self._ml(event.site)
        if last in self.truth_last:
            for configured in self.truth_sources:
                if (
                    configured == event.callee
                    or event.callee.endswith("." + configured)
                    or configured.endswith("." + event.callee)
                    or configured.rsplit(".", 1)[-1] == last
                ):
                    return True
        return False

    def _sanitizes(self, event: CallEvent, name: str, last: str) -> bool:
        if event.in_tree:
            return False  # a function of the linted files is judged by its body, not its name
        if event.role in ("loss", "metric"):
            return True
        if last in NON_LABEL_CALLS or name in NON_LABEL_CALLS:
            return name not in ("split", "get", "join", "format", "where")
        return is_sanitizer(last) or (name != last and is_sanitizer(name))

    # ----- returns -------------------------------------------------------------------------------
    def on_return(self, event: ReturnEvent) -> tuple[Sink, ...]:
        function = event.site.function
        name = function.name
        value = event.value
        if function.kind is ir.FunctionKind.LAMBDA:
            return ()
        if name == "__getitem__" and self._is_dataset_method(event):
            return _input_part(value, "input of the Dataset item")
        if name in ("transform", "fit_transform") and self._is_transformer_method(event):
            return (Sink("output of transform()", weak=True),)
        if is_feature_function(name) and name != "__getitem__":
            if value.kind in _NONLABEL_KINDS and value.kind not in ("num",):
                return ()
            if value.kind == "frame":
                return ()  # a "feature engineering" function returning the whole frame: the
                # label column is dropped (or not) where a model consumes it
            if value.kind == "tuple" and value.items is not None and len(event.names) == 2:
                # `return np.vstack(rows), np.asarray(targets)`: the features and, beside
                # them, the label
                return (Sink("feature vector", part=(("item", 0),)),)
            return (Sink("feature vector"),)
        if _axis_tuple(event.names):
            return ()  # `return x_new, y_new, z_new`: a point's coordinates
        if not event.site.entry and function.class_qualname is not None:
            # a method called from the linted files (a resampler's `_fit_resample`, a
            # validator): what it returns reaches a model (or not) in the caller, which is
            # judged there; an `X` computed with `y` inside a library class is no leak by itself
            return ()
        if name.startswith("_") and not name.startswith("__"):
            # a private helper (`_check_X_y`, `_fit_resample`) is called by its own library's
            # public code, dispatched where the engine cannot see which class: what it returns
            # reaches a model (or not) there, not in a caller out of sight
            return ()
        # a function nothing here calls hands a feature matrix to a caller out of sight
        # (`return X`, `return X, y`)
        for position, returned in enumerate(event.names):
            if returned and is_feature_name(returned):
                if len(event.names) == 1 and value.items is None:
                    return (Sink(f"returned features {returned!r}"),)
                return (Sink(f"returned features {returned!r}", part=(("item", position),)),)
        return ()

    def _is_dataset_method(self, event: ReturnEvent) -> bool:
        cls = event.site.function.class_qualname
        if cls is None or self.program is None:
            return False
        role = self.program.class_role(event.site.module.module_name, cls)
        return role == "dataset" or bool(_DATASET_CLASS_RE.search(cls.rsplit(".", 1)[-1]))

    def _is_transformer_method(self, event: ReturnEvent) -> bool:
        cls = event.site.function.class_qualname
        if cls is None or self.program is None:
            return False
        module = event.site.module.module_name
        role = self.program.class_role(module, cls)
        if role == "transformer":
            return True
        methods = {m for m, _q in self.program.classes[(module, cls)].methods}
        return "fit" in methods and "transform" in methods and "predict" not in methods


def _keyword_inputs(event: CallEvent, last: str) -> tuple[Sink, ...]:
    """`model(**batch)`: the model reads the batch's inputs (`input_ids`, `pixel_values`); a
    `labels` entry is the target the model scores itself against (Hugging Face), not input."""
    description = f"input of {last or 'the model'}"
    # a dict of known entries arrives as keywords; an opaque one as the `**` argument
    sinks = [Sink(description, keyword=name) for name in event.keywords if not is_label_name(name)]
    if event.double_star is not None:
        sinks.append(Sink(description, double_star=True))
    return tuple(sinks)


def _dataset_sink(name: str, data=None) -> tuple[Sink, ...]:
    if data is not None and data.fields and "data" in data.fields:
        parts: tuple = (("field", "data"),)  # a DMatrix / Pool: its data, not its label
    else:
        parts = (("elem",), ("item", 0))
    return (Sink(f"features of {name}()", position=0, keyword="x", part=parts),)


def _label_of(key: tuple) -> str:
    """The label a key stands for: `("MLA001", "column", name, ...)`, `(..., "table", id, name)`."""
    return key[3] if key[1] == "table" else key[2]


def _input_part(value, description: str) -> tuple[Sink, ...]:
    """The part of a returned item a model reads: the first of `(x, y)` (of `((x, y), meta)`
    too), the input of a dict."""
    if value.items is not None and len(value.items) >= 2:
        part: tuple = (("item", 0),)
        inner = value.items[0]
        while inner.items is not None and len(inner.items) >= 2 and len(part) < 4:
            part += (("item", 0),)
            inner = inner.items[0]
        return (Sink(description, part=part),)
    if value.fields:
        for name in _INPUT_FIELDS:
            if name in value.fields:
                return (Sink(description, part=(("field", name),)),)
        return ()
    return (Sink(description),)


def _receiver_name(event: CallEvent) -> str:
    callee = event.callee
    if "." in callee:
        return callee.rsplit(".", 2)[-2]
    return ""


def _provenance_keys(value) -> list:
    """This rule's and the engine's keys of `value`: other rules' keys (the row rules'
    origins) say nothing about where its numbers come from."""
    return [k for k in value.all_taint() if k[0] == CODE or k[0].startswith("$")]


def _simulated(value) -> bool:
    keys = _provenance_keys(value)
    return bool(keys) and all(k[0] == "$random" for k in keys)


_PLACEHOLDER_MAKERS = frozenset(
    {"empty", "zeros", "ones", "full", "array", "asarray", "list"}
    | {"int", "float", "bool", "str", "object", "np", "numpy"}  # `np.empty(0, dtype=int)`
)


def _fresh_placeholder(event) -> bool:
    """`y = np.empty(0)`, `labels = []`, `y, g = np.empty(0), np.empty(0)`: a container made
    to be filled later from nothing the program read. What it will hold decides what it is, at
    its next binding (`y = np.append(y, draws)`): a name alone does not make it a label here."""
    value = event.value
    return (
        value.kind in ("array", "list")
        and not value.items
        and value.elem is None
        and value.const is None
        and set(event.reads) <= _PLACEHOLDER_MAKERS
        and not _provenance_keys(value)
    )


def _coordinates(reads) -> bool:
    """`x, y, z = q.X, q.Y, q.Z`, `df["orientation_Y"]`: axes read together are coordinates."""
    letters = set()
    for name in reads:
        if len(name) == 1:
            letters.add(name.lower())
        elif len(name) > 2 and name[-2] == "_":
            letters.add(name[-1].lower())
    return len(letters & {"x", "y", "z", "w"}) >= 3


def _axis_tuple(names) -> bool:
    """Returned names that differ by an axis letter: `x_new, y_new, z_new`, `X, Y, Z`."""
    letters = set()
    for name in names:
        for token in (name or "").lower().split("_"):
            if token in ("x", "y", "z"):
                letters.add(token)
    return len(letters) == 3


def _axis_params(names: set[str]) -> bool:
    """`(x, y, z)`, `(x, y, z, w)`: a function of a point's axes (`y` beside `x` alone is
    not enough: `fit(x, y, w)` takes features, labels and weights)."""
    return {"x", "y", "z"} <= names or {"X", "Y", "Z"} <= names


def _literal_default(params, name: str) -> bool:
    """The parameter `name` defaults to a number, a string or a flag: a setting of the function."""
    for param in params:
        if param.name == name and type(param.default) is ir.Const:
            return param.default.value is not None
    return False


def _opaque(value) -> bool:
    """Nothing is known about the value: not its kind, its parts or any key."""
    return (
        not value.kind
        and not {k for k in value.all_taint() if k[0] == CODE or k[0].startswith("$")}
        and value.items is None
        and value.elem is None
        and not value.fields
    )


def _config_object(obj) -> bool:
    return False


def _call_name(expr) -> str:
    return expr.name if type(expr) is ir.MethodCall else expr.callee.rsplit(".", 1)[-1]


def _explained(value, expr) -> bool:
    """The bound value cannot be the label: a literal, a count, a path, a prediction, a draw."""
    kind = value.kind
    if kind in ("num", "str", "bool"):
        return value.const is not None  # a literal; a computed flag or number may be a label
    if kind in _NONLABEL_KINDS or kind.startswith(
        ("lib:", "fn:", "cls:", "mod:", "bound:", "libobj:", "obj:")
    ):
        return True
    seen = {k for k in value.all_taint() if k[0] == CODE or k[0].startswith("$")}
    if (
        kind == "array"
        and not seen
        and type(expr) in (ir.Call, ir.MethodCall)
        and _call_name(expr) in FRESH_ARRAY_CALLS
    ):
        return True  # a fresh array: zeros, a range (a file read or a conversion may be labels)
    if kind in ("list", "tuple", "dict", "set") and value.is_empty():
        return True
    if expr is None:
        return False
    if type(expr) in (ir.Call, ir.MethodCall):
        last = expr.name if type(expr) is ir.MethodCall else expr.callee.rsplit(".", 1)[-1]
        if last in NON_LABEL_CALLS or last.startswith("predict"):
            return True
        if is_model_callee(last) and last != "forward":
            return True
        if (
            type(expr) is ir.MethodCall
            and type(expr.obj) is ir.Var
            and CONFIG_OBJECT_RE.match(expr.obj.name)
        ):
            return True
    if (
        type(expr) is ir.GetAttr
        and type(expr.obj) is ir.Var
        and CONFIG_OBJECT_RE.match(expr.obj.name)
    ):
        return True
    if (
        type(expr) is ir.GetItem
        and type(expr.obj) is ir.Var
        and CONFIG_OBJECT_RE.match(expr.obj.name)
    ):
        return True
    if (
        type(expr) is ir.Copy
        and type(expr.source) is ir.Var
        and MODEL_OUTPUT_RE.match(expr.source.name)
    ):
        return True
    return False


_ML_CALL_NAMES = frozenset(
    {
        "fit",
        "predict",
        "predict_proba",
        "fit_transform",
        "cross_val_score",
        "cross_val_predict",
        "cross_validate",
        "train_test_split",
        "TensorDataset",
        "DMatrix",
        "Pool",
        "fit_resample",
        "backward",
        "train_on_batch",
        "fit_generator",
        "forward",
        "zero_grad",
    }
)


def _has_ml_calls(module: ir.ModuleIR) -> bool:
    for function in module.functions:
        if function.name in ("forward", "training_step", "__getitem__") or is_feature_function(
            function.name
        ):
            return True
        for stmt in inference._statements(function.body):
            if type(stmt) is ir.Assign and type(stmt.value) in (ir.Call, ir.MethodCall):
                value = stmt.value
                last = (
                    value.name if type(value) is ir.MethodCall else value.callee.rsplit(".", 1)[-1]
                )
                if (
                    last in _ML_CALL_NAMES
                    or "loss" in last.lower()
                    or is_model_callee(last)
                    or is_feature_function(last)
                ):
                    return True
    # label names are conventions of data code: a module that works on arrays or frames
    return any(item.module.split(".")[0] in _DATA_LIBRARIES for item in module.imports)


_DATA_LIBRARIES = frozenset(
    {
        "sklearn",
        "torch",
        "tensorflow",
        "keras",
        "xgboost",
        "lightgbm",
        "catboost",
        "imblearn",
        "statsmodels",
        "numpy",
        "pandas",
        "scipy",
        "jax",
        "polars",
        "pysam",
        "cyvcf2",
        "anndata",
        "scanpy",
        "datasets",
        "transformers",
        "lightning",
        "pytorch_lightning",
        "torchvision",
        "sktime",
        "skorch",
        "pyarrow",
        "dask",
        "cupy",
        "optuna",
        "mlflow",
        "hail",
        "allel",
    }
)


def _input_uses(body: tuple, param: str) -> int | None:
    """How many times `param` is read by column name, for metadata or by `len()` in `body`;
    None where it is used any other way (passed on, stored, computed with) or rebound."""
    count = 0
    for stmt in inference._statements(body):
        kind = type(stmt)
        if kind is ir.Assign:
            if stmt.target.name == param:
                return None
            value = stmt.value
            vkind = type(value)
            if vkind is ir.GetAttr and _is(value.obj, param):
                if value.name not in METADATA_ATTRS:
                    return None
                count += 1
                continue
            if vkind is ir.GetItem and _is(value.obj, param):
                if any(type(part) is ir.Slice or _is(part, param) for part in value.index):
                    return None
                count += 1
                continue
            if vkind is ir.Call and value.callee == "len" and len(value.args) == 1:
                if _is(value.args[0].value, param):
                    count += 1
                    continue
            if param in _operand_names(value):
                return None
        elif param in _operand_names(stmt):
            return None
    return count


def _is(operand, name: str) -> bool:
    return type(operand) is ir.Var and operand.name == name


def _operand_names(node) -> set[str]:
    """Variable names a statement or expression reads directly (not nested statement bodies)."""
    out: set[str] = set()
    for field_name in getattr(node, "__dataclass_fields__", ()):
        if field_name in ("body", "orelse", "head", "final", "handlers", "span", "target"):
            continue
        value = getattr(node, field_name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if type(item) is ir.Var:
                out.add(item.name)
            elif type(item) in (ir.Arg, ir.Slice) or hasattr(item, "__dataclass_fields__"):
                if type(item) is not ir.Const:
                    out |= _operand_names(item)
    return out
