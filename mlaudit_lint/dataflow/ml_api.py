"""Library models: what pandas, numpy, scikit-learn, torch and friends do to the values they get.

Rule-agnostic: a model says where data goes (which inputs a result is computed from, which
positions of a tuple hold which input, what a fitted object has learned), never what a label is.
Steps that change the *kind* of information carry a step kind a policy may kill:
"metadata" (shapes, lengths, dtypes, `is None`), "aggregate" (one statistic of a whole array),
"metric" (a score or loss of predictions against targets), "model-output" (what a fitted model
predicts from what it learned).

Roles of library classes and objects (`role_of`): "estimator" (a model: classifiers,
regressors, networks, pipelines, searches), "transformer" (learns a mapping of its input:
scalers, encoders, imputers, selectors), "target-encoder" (a transformer whose output is computed
from the target), "label-transformer" (encodes the target itself), "resampler" (returns rows
and their targets), "splitter" (yields train/test indices), "cluster", "loss", "metric",
"dataset", "loader", "frame", "array".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from . import frames
from .values import (
    UNKNOWN,
    Instance,
    Step,
    Val,
    element_of,
    field_of,
    flat,
    is_literal,
    item_at,
    join,
    join_all,
    merge_taint,
    with_taint,
)

if TYPE_CHECKING:
    from .arguments import Arguments, Callee
    from .protocols import Evaluator as FunctionEvaluator


class Outcome(NamedTuple):
    result: Val
    receiver: Val | None = None  # the receiver's new value, for methods that change it
    step: str = ""  # a step kind applied to the result ("metadata", "aggregate", ...)
    model_output: Val | None = None  # the part of the result a fitted model predicts


# ----- roles --------------------------------------------------------------------------------------

_RESAMPLER = re.compile(
    r"^(?:SMOTE\w*|\w*SMOTE|ADASYN|RandomOverSampler|RandomUnderSampler|NearMiss|TomekLinks"
    r"|EditedNearestNeighbours|RepeatedEditedNearestNeighbours|AllKNN|ClusterCentroids"
    r"|CondensedNearestNeighbour|OneSidedSelection|NeighbourhoodCleaningRule|InstanceHardnessThreshold"
    r"|SMOTETomek|SMOTEENN|\w*Sampler)$"
)
_SPLITTER = re.compile(
    r"^(?:\w*KFold|\w*ShuffleSplit|TimeSeriesSplit|LeaveOneOut|LeavePOut|LeaveOneGroupOut"
    r"|LeavePGroupsOut|PredefinedSplit|\w*Split(?:ter)?)$"
)
_TARGET_ENCODER = re.compile(
    r"^(?:TargetEncoder|MEstimateEncoder|LeaveOneOutEncoder|CatBoostEncoder|WOEEncoder"
    r"|JamesSteinEncoder|GLMMEncoder|QuantileEncoder|SummaryEncoder)$"
)
_LABEL_TRANSFORMER = re.compile(r"^(?:LabelEncoder|LabelBinarizer|MultiLabelBinarizer)$")
_SELECTOR = re.compile(
    r"^(?:Select\w*|RFE|RFECV|SequentialFeatureSelector|GenericUnivariateSelect|VarianceThreshold)$"
)
_TRANSFORMER = re.compile(
    r"(?:Scaler|Encoder|Imputer|Transformer|Normalizer|Binarizer|Discretizer|Vectorizer|Hasher"
    r"|^PCA$|^\w*PCA$|SVD$|^NMF$|^FastICA$|^PolynomialFeatures$|^SplineTransformer$|^Isomap$"
    r"|^TSNE$|^UMAP$|^FeatureUnion$|^ColumnTransformer$|^Nystroem$|^RBFSampler$|^FactorAnalysis$"
    r"|^LatentDirichletAllocation$|^DictVectorizer$|^TfidfTransformer$|^Tokenizer$)"
)
_CLUSTER = re.compile(
    r"^(?:KMeans|MiniBatchKMeans|DBSCAN|HDBSCAN|OPTICS|AgglomerativeClustering|Birch"
    r"|SpectralClustering|MeanShift|AffinityPropagation|GaussianMixture|BayesianGaussianMixture"
    r"|IsolationForest|OneClassSVM|LocalOutlierFactor|EllipticEnvelope|NearestNeighbors)$"
)
_ESTIMATOR = re.compile(
    r"(?:Classifier|Regressor|Regression|Classification|^SVC$|^SVR$|^NuSVC$|^NuSVR$|^LinearSVC$"
    r"|^LinearSVR$|^Ridge\w*|^Lasso\w*|^ElasticNet\w*|^Lars\w*|^OrthogonalMatchingPursuit\w*"
    r"|^BayesianRidge$|^ARDRegression$|^\w*NB$|^Perceptron$|^LogisticRegression\w*|^XGB\w*"
    r"|^LGBM\w*|^CatBoost\w*|^Pipeline$|^GridSearchCV$|^RandomizedSearchCV$|^Halving\w*SearchCV$"
    r"|^BayesSearchCV$|^Sequential$|^Model$|^IsolationForest$|^OneClassSVM$|^LocalOutlierFactor$"
    r"|^GaussianProcess\w*|^KernelRidge$|^QuadraticDiscriminantAnalysis$|^LinearDiscriminantAnalysis$"
    r"|^Booster$|^TabNet\w*|^AutoML$|^TPOT\w*|^H2O\w*Estimator$|^Prophet$|^ARIMA$|^SARIMAX$"
    r"|^ExponentialSmoothing$|^CalibratedClassifierCV$|^Stacking\w*|^Voting\w*|^Bagging\w*"
    r"|^AdaBoost\w*|^HistGradientBoosting\w*|^GradientBoosting\w*|^RandomForest\w*|^ExtraTrees?\w*"
    r"|^DecisionTree\w*|^KNeighbors\w*|^RadiusNeighbors\w*|^MLP\w*|^SGD\w*|^PassiveAggressive\w*"
    r"|^LinearRegression$|^TheilSen\w*|^Huber\w*|^RANSAC\w*|^Poisson\w*|^Tweedie\w*|^Gamma\w*)"
)
_LOSS = re.compile(r"(?:Loss|^loss\w*|_loss$|^criterion$|Criterion)", re.IGNORECASE)
_NN_MODULE = re.compile(
    r"^(?:torch\.nn|tensorflow\.keras|keras|tf\.keras|transformers|timm|torchvision\.models"
    r"|lightning|pytorch_lightning|flax|haiku)"
)
METRIC_FUNCTION = re.compile(
    r"(?:_score$|_error$|_loss$|_curve$|_deviance$|^confusion_matrix$|^classification_report$"
    r"|^auc$|^accuracy$|^precision\w*|^recall\w*|^f1\w*|^roc_auc\w*|^matthews\w*|^log_loss$"
    r"|^brier\w*|^cohen_kappa\w*|^balanced_accuracy\w*|^hamming_loss$|^jaccard\w*"
    r"|^mean_squared\w*|^mean_absolute\w*|^r2_score$|^explained_variance\w*|^max_error$"
    r"|^cross_entropy$|^binary_cross_entropy\w*|^nll_loss$|^mse_loss$|^l1_loss$|^kl_div$"
    r"|^smooth_l1_loss$|^huber_loss$|^hinge\w*|^pearsonr$|^spearmanr$|^kendalltau$"
    r"|^ttest_\w+$|^mannwhitneyu$|^wilcoxon$|^chi2_contingency$|^fisher_exact$|^ks_2samp$)"
)
_CV_FUNCTIONS = frozenset(
    {
        "cross_val_score",
        "cross_validate",
        "learning_curve",
        "validation_curve",
        "permutation_test_score",
    }
)


# import paths of worker-process pools (their `Pool` is not catboost's data `Pool`)
PROCESS_POOLS = (
    "multiprocessing.",
    "concurrent.",
    "billiard.",
    "pathos.",
    "torch.multiprocessing.",
)


def class_role(name: str, qualified: str = "") -> str:
    """The role of a library class from its name (and its import path when known)."""
    last = name.rsplit(".", 1)[-1]
    if _LABEL_TRANSFORMER.match(last):
        return "label-transformer"
    if _TARGET_ENCODER.match(last):
        return "target-encoder"
    if _RESAMPLER.match(last):
        return "resampler"
    if _SPLITTER.match(last) and last not in ("Split",):
        return "splitter"
    if _SELECTOR.match(last):
        return "selector"
    if _CLUSTER.match(last) or qualified.startswith("pyod."):
        # clustering and outlier detection (sklearn's, and every pyod detector): unsupervised
        return "cluster"
    if _LOSS.search(last) and last[:1].isupper():
        return "loss"
    if (
        ".metrics." in f".{qualified}"
        or qualified.startswith("torchmetrics.")
        or (last.endswith("Metric") and last != "Metric")
    ):
        # `keras.metrics.MeanAbsoluteError()`, torchmetrics: called with (y_true, y_pred)
        return "metric"
    if last in ("DataLoader",):
        return "loader"
    if last == "Pool" and qualified.startswith(PROCESS_POOLS):
        return ""  # a pool of worker processes, not catboost's data `Pool`
    if last in ("TensorDataset", "DMatrix", "DeviceQuantileDMatrix", "QuantileDMatrix", "Pool"):
        return "dataset"
    if last in ("Dataset",) and ("lightgbm" in qualified or "lgb" in qualified):
        return "dataset"
    if _TRANSFORMER.search(last):
        return "transformer"
    if _ESTIMATOR.search(last):
        return "estimator"
    if qualified and _NN_MODULE.match(qualified) and last[:1].isupper():
        return "estimator"
    return ""


def role_of(qualified: str, receiver: Val | None) -> str:
    """The role of what a call acts on: the receiver's, else the called class's."""
    if receiver is not None:
        return value_role(receiver)
    if qualified:
        last = qualified.rsplit(".", 1)[-1]
        if last[:1].isupper():
            return class_role(last, qualified)
        if METRIC_FUNCTION.search(last):
            return "metric"
    return ""


class Fitted:
    """What a library object is (its role) and what it has learned (`fit` stores the keys of its
    inputs here). Kept in `Val.meta`, out of `all_taint`: a fitted model passed to a function is
    not its training data; what it learned comes out only through its outputs (`predict`,
    `transform`, attributes), with the step kind each of those carries."""

    __slots__ = ("role", "state")

    def __init__(self, role: str, state: Val = UNKNOWN):
        self.role = role
        self.state = state

    def signature(self):
        return ("fitted", self.role, self.state.signature())

    def join(self, other: Fitted) -> Fitted:
        return Fitted(self.role if self.role == other.role else "", join(self.state, other.state))

    def learned(self, value: Val) -> Fitted:
        return Fitted(self.role, join(self.state, value))


def state_of(value: Val) -> Val:
    return value.meta.state if isinstance(value.meta, Fitted) else UNKNOWN


def value_role(value: Val) -> str:
    kind = value.kind
    if kind.startswith("libobj:"):
        if isinstance(value.meta, Fitted) and value.meta.role:
            return value.meta.role
        return class_role(kind[7:], kind[7:])
    if kind.startswith("obj:"):
        return value.meta.role if isinstance(value.meta, Instance) else ""
    if kind in ("frame", "series", "array", "dataset", "loader"):
        return kind
    return ""


# ----- method tables ----------------------------------------------------------------------------

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "add",
        "update",
        "appendleft",
        "extendleft",
        "setdefault",
        "put",
        "push",
        "add_",
        "copy_",
        "fill_",
        "write_row",
    }
)
# Methods whose result is the receiver reshaped, moved, converted or re-ordered.
RECEIVER_METHODS = frozenset(
    {
        "copy",
        "astype",
        "to",
        "cuda",
        "cpu",
        "float",
        "double",
        "long",
        "int",
        "half",
        "bool",
        "numpy",
        "detach",
        "clone",
        "contiguous",
        "squeeze",
        "unsqueeze",
        "flatten",
        "ravel",
        "reshape",
        "view",
        "view_as",
        "permute",
        "transpose",
        "to_numpy",
        "to_list",
        "tolist",
        "to_frame",
        "sort_values",
        "sort_index",
        "reset_index",
        "reindex",
        "dropna",
        "drop_duplicates",
        "head",
        "tail",
        "sample",
        "nlargest",
        "nsmallest",
        "infer_objects",
        "convert_dtypes",
        "fillna",
        "ffill",
        "bfill",
        "interpolate",
        "replace",
        "round",
        "clip",
        "abs",
        "query",
        "pin_memory",
        "requires_grad_",
        "type",
        "tocsr",
        "toarray",
        "todense",
        "item",
        "strip",
        "lower",
        "upper",
        "encode",
        "decode",
        "explode",
        "melt",
        "stack",
        "unstack",
        "asfreq",
        "resample",
        "rolling",
        "expanding",
        "ewm",
        "shift",
        "diff",
        "pct_change",
        "cumsum",
        "cumprod",
        "cummax",
        "cummin",
        "rank",
        "where",
        "mask",
        "filter",
        "truncate",
        "iterrows_",
        "swapaxes",
        "repeat",
        "tile",
        "expand",
        "expand_as",
        "split",
        "chunk",
        "exp",
        "log",
        "log1p",
        "sqrt",
        "sigmoid",
        "softmax",
        "relu",
        "tanh",
        "clamp",
    }
)
# Calls that describe a value without carrying its data.
METADATA_FUNCTIONS = frozenset(
    {
        "len",
        "isinstance",
        "issubclass",
        "type",
        "id",
        "hash",
        "callable",
        "hasattr",
        "dir",
        "vars",
        "print",
        "repr",
        "shape",
        "ndim",
        "size",
        "nunique",
        "count",
        "info",
        "describe",
        "memory_usage",
        "isnull",
        "isna",
        "notnull",
        "notna",
        "any",
        "all",
        "dtype",
        "get_n_splits",
        "get_params",
        "set_params",
        "numel",
        "dim",
        "exists",
        "is_file",
        "is_dir",
        "keys",
        "duplicated",
    }
)
# One statistic of the whole value (no per-example information left).
AGGREGATE_METHODS = frozenset(
    {
        "mean",
        "median",
        "std",
        "var",
        "sum",
        "min",
        "max",
        "prod",
        "quantile",
        "percentile",
        "nanquantile",
        "nanpercentile",
        "mode",
        "value_counts",
        "unique",
        "bincount",
        "nanmean",
        "nanmedian",
        "nanstd",
        "nanvar",
        "nansum",
        "nanmin",
        "nanmax",
        "average",
        "argmax",
        "argmin",
        "corr",
        "cov",
        "skew",
        "kurt",
        "kurtosis",
        "sem",
        "idxmax",
        "idxmin",
        "first_valid_index",
        "last_valid_index",
    }
)
_FILE_READERS = re.compile(
    r"^(?:read_(?:csv|excel|table|parquet|json|feather|pickle|sql\w*|hdf|fwf|stata|sas|spss|orc|xml|html|clipboard|gbq))$"
)
_STACKERS = frozenset(
    {
        "column_stack",
        "hstack",
        "vstack",
        "dstack",
        "stack",
        "concatenate",
        "append",
        "block",
        "cat",
        "concat",
        "row_stack",
        "c_",
        "r_",
        "broadcast_arrays",
        "meshgrid",
    }
)
_ARRAY_CONSTRUCTORS = frozenset(
    {
        "array",
        "asarray",
        "asanyarray",
        "ascontiguousarray",
        "tensor",
        "as_tensor",
        "from_numpy",
        "Tensor",
        "FloatTensor",
        "LongTensor",
        "IntTensor",
        "DoubleTensor",
        "BoolTensor",
        "matrix",
        "asmatrix",
        "atleast_1d",
        "atleast_2d",
        "atleast_3d",
        "float32",
        "float64",
        "int64",
        "int32",
        "squeeze",
        "expand_dims",
        "copy",
        "ravel",
        "reshape",
        "transpose",
        "flip",
        "roll",
        "sort",
        "nan_to_num",
        "csr_matrix",
        "csc_matrix",
        "coo_matrix",
        "variable",
        "Variable",
        "convert_to_tensor",
        "constant",
    }
)
_FRESH_ARRAYS = frozenset(
    {
        "zeros",
        "ones",
        "empty",
        "full",
        "arange",
        "linspace",
        "logspace",
        "eye",
        "identity",
        "zeros_like",
        "ones_like",
        "empty_like",
        "full_like",
        "rand",
        "randn",
        "randint",
        "random",
        "random_sample",
        "normal",
        "uniform",
        "binomial",
        "poisson",
        "choice",
        "permutation",
        "default_rng",
        "RandomState",
        "seed",
        "manual_seed",
        "integers",
        "standard_normal",
        "multinomial",
        "bernoulli",
        "randperm",
        "rand_like",
        "randn_like",
        "indices",
        "mgrid",
        "ogrid",
    }
)
_SELECTING_FUNCTIONS = frozenset({"flatnonzero", "nonzero", "argwhere"})
_RESAMPLE_FUNCTIONS = frozenset({"resample", "shuffle", "make_imbalance", "indexable"})
_SYNTHETIC_DATA = re.compile(r"^(?:make_\w+)$")
_DATASET_LOADERS = re.compile(r"^(?:load_\w+|fetch_\w+)$")


def _constructor_name(qualified: str) -> str:
    return qualified.rsplit(".", 1)[-1]


# ----- the models ---------------------------------------------------------------------------------


def call_library(
    ev: FunctionEvaluator, callee: Callee, receiver: Val | None, args: Arguments, name: str, span
) -> Outcome:
    qualified = callee.qualified
    if callee.kind == "library" and receiver is None:
        return _function(ev, qualified, name, args, span)
    if receiver is not None:
        if (
            name == "append"
            and ev.exact
            and receiver.items is not None
            and (not ev.loops[:-1] or ev.comprehension[-1:] == [True])
        ):
            # an append in a loop that runs once per item: the list keeps its positions
            return Outcome(
                Val(kind="none"),
                receiver=receiver.but(
                    items=receiver.items + tuple(args.positional[:1]), const=None
                ),
            )
        return _method(ev, receiver, name, args, span, callee)
    # a callable we know nothing about: its result may be computed from any argument
    return _unknown_call(args)


def _mix(args: Arguments, *extra: Val | None) -> Val:
    return Val(merge_taint(*(v.all_taint() for v in [*args.all(), *extra] if v is not None)))


def _is_model(value: Val) -> bool:
    if value.kind.startswith("libobj:") and value_role(value) in ("estimator", ""):
        return True
    inner = value.elem if value.elem is not None else None
    if inner is None and value.items:
        inner = value.items[0]
    return (
        inner is not None and inner.kind.startswith("libobj:") and value_role(inner) == "estimator"
    )


def _unknown_call(args: Arguments, *extra: Val | None) -> Outcome:
    """A library function we have no model of: its result may come from any argument; given a
    model and data (`stacking(models, X, y)`, `permutation_importance(m, X, y)`) it returns what
    the models compute: their outputs."""
    if any(_is_model(v) for v in args.all()):
        return Outcome(Val(), model_output=_mix(args, *extra))
    return Outcome(_opaque_result(args, *extra))


# `meta` of an opaque call's result whose positions are guessed from its arguments
BY_POSITION = "by-position"


def _opaque_result(args: Arguments, *extra: Val | None) -> Val:
    """What a call we cannot see into returns: anything computed from its arguments, as a whole.

    Taken apart position by position (`xb, yb = p.inputs(X, y)`, `X, y = to_device(X, y)`,
    `a, b = shuffle_pair((X, y))`), an opaque call given several arguments hands back what each
    was, in order — the convention of every (X, y)-in, (X, y)-out helper — so the features'
    half does not inherit the label's. The result as a whole still holds everything; unpacked
    into another number of names it is the whole again (`evaluate._unpack`).
    """
    if args.star is not None or args.double_star is not None:
        return _mix(args, *extra)
    positions = [v for v in args.positional if _is_data(v)]
    unpacked = None
    if len(positions) == 1 and positions[0].items is not None and not args.keywords:
        unpacked = positions[0]  # `persist([X, y])`: the parts of the one sequence given
        positions = list(positions[0].items)
    # `validate_data(self, X=X, y=y, reset=True)`: data passed by keyword, in the call's order
    positions += [v for v in args.keywords.values() if _is_data(v)]
    if len(positions) < 2:
        return _mix(args, *extra)
    # what is not a data position (the estimator `self`, options) reaches every part
    others = [v for v in [*args.positional, *args.keywords.values(), *extra] if v is not None]
    outer = merge_taint(
        *(v.all_taint() for v in others if v is not unpacked and not any(v is p for p in positions))
    )
    items = tuple(p.but(const=None) if p.const is not None else p for p in positions)
    return Val(outer, items=items, meta=BY_POSITION)


def _is_data(value: Val) -> bool:
    """An argument that may be handed back as a data part: not a literal option, not an
    estimator, function, class or module (`validate(self, X, y, reset=True)` hands back X, y)."""
    if value.const is not None or value.kind in ("num", "bool", "none", "str"):
        return False
    return not value.kind.startswith(("obj:", "libobj:", "fn:", "cls:", "lib:", "mod:", "bound:"))


def _first(args: Arguments, keyword: str | None = None) -> Val:
    if keyword is not None and keyword in args.keywords:
        return args.keywords[keyword]
    if args.positional:
        return args.positional[0]
    return args.star if args.star is not None else UNKNOWN


# Functions that hand back their first argument, wrapped for display or timing.
_PASSTHROUGH = frozenset(
    {"tqdm", "tqdm_notebook", "track", "progress_bar", "progressbar", "auto", "notebook"}
)


_NUMERIC_DTYPES = frozenset(
    {"number", "numeric", "float", "int", "float64", "int64", "float32", "int32", "bool"}
)
_TEXT_DTYPES = frozenset({"object", "category", "string", "str", "O"})


def _dtype_names(value: Val) -> frozenset:
    """The dtype names a literal `include=`/`exclude=` spells (`"number"`, `["number", "bool"]`);
    a name that is not a literal string makes the set unknown (a sentinel that fits no set)."""
    const = value.const
    names = const if isinstance(const, tuple) else (const,)
    if not names or not all(isinstance(n, str) for n in names):
        return frozenset({"?"})
    return frozenset(names)


def _function(ev, qualified: str, name: str, args: Arguments, span) -> Outcome:
    family = qualified.split(".", 1)[0]
    last = name or qualified.rsplit(".", 1)[-1]
    if (last in _PASSTHROUGH or family in ("tqdm", "rich")) and args.positional:
        return Outcome(args.positional[0])
    if family == "builtins":
        return _builtin(ev, last, args, span)
    if last in METADATA_FUNCTIONS:
        return Outcome(_mix(args), step="metadata")
    if _FILE_READERS.match(last):
        return Outcome(ev.engine.new_table(ev, span, f"{last}(...)"))
    if last[:1].isupper():
        constructed = _construct(ev, qualified, last, args, span)
        if constructed is not None:
            return constructed
    owner = qualified.rsplit(".", 2)[-2] if qualified.count(".") >= 1 else ""
    if last in ("fit", "from_data", "from_samples") and owner[:1].isupper():
        # `Twin.fit(X, y)`: a class method that returns the fitted object; what it learned
        # comes out through its outputs (samples, predictions)
        state = Val(merge_taint(*(_given(v) for v in args.all())))
        role = class_role(owner, qualified) or "estimator"
        return Outcome(Val(kind=f"libobj:{qualified.rsplit('.', 1)[0]}", meta=Fitted(role, state)))
    if last in ("make_pipeline", "make_union") and family in ("sklearn", "imblearn"):
        # the factories of `Pipeline([...])` / `FeatureUnion([...])`: the same objects
        cls = "Pipeline" if last == "make_pipeline" else "FeatureUnion"
        made = _construct(ev, f"{family}.pipeline.{cls}", cls, args, span)
        if made is not None:
            return made
    if last in ("random_split",) and args.positional:
        return Outcome(Val(kind="list", elem=args.positional[0]))
    if last in ("Subset", "ConcatDataset") and args.positional:
        first = args.positional[0]
        return Outcome(first.elem if last == "ConcatDataset" and first.elem is not None else first)
    if last in ("from_tensor_slices", "from_tensors") and args.positional:
        # tf.data: a dataset of the elements (or of tuples of elements) of its argument
        data = args.positional[0]
        if data.items is not None:
            item = Val(kind="tuple", items=tuple(element_of(v) for v in data.items))
        else:
            item = element_of(data)
        return Outcome(Val(kind="dataset", elem=item))
    if family == "patsy" and last in ("dmatrix", "dmatrices") and args.positional:
        return Outcome(_formula(ev, last, args, span))
    if last == "train_test_split":
        items = []
        for value in args.positional:
            items.extend((value, value))
        if args.star is not None:
            return Outcome(Val(kind="list", elem=args.star))
        return Outcome(Val(kind="list", items=tuple(items)))
    if last in _RESAMPLE_FUNCTIONS and family in ("sklearn", "imblearn"):
        if len(args.positional) == 1:
            return Outcome(args.positional[0])  # one array in, the same array (reordered) out
        return Outcome(Val(kind="list", items=tuple(args.positional)))
    if last in ("fit_resample", "fit_sample"):
        return Outcome(Val(kind="list", items=tuple(args.positional[:2])))
    if last in ("_safe_indexing", "safe_indexing") and family == "sklearn" and args.positional:
        # `_safe_indexing(X, rows)`: a subscript in a function's clothes; which rows were
        # chosen (by class, by a neighbour's label) is not what the rows hold
        return Outcome(args.positional[0])
    if last == "check_random_state" and family == "sklearn":
        return Outcome(Val(kind="rng"))  # a RandomState: what its methods draw is simulated
    if _SYNTHETIC_DATA.match(last) and family == "sklearn":
        # `make_classification`, `make_regression`: drawn at random, as `np.random.*` is
        return Outcome(Val(kind="list", items=(random_draw(), random_draw())))
    if _DATASET_LOADERS.match(last) and family == "sklearn":
        return Outcome(_bunch(ev, span, last))
    if last in _CV_FUNCTIONS:
        return Outcome(_mix(args), step="metric")
    if last == "cross_val_predict":
        return Outcome(Val(kind="array"), model_output=_mix(args))
    if METRIC_FUNCTION.search(last):
        return Outcome(_mix(args), step="metric")
    if family in ("numpy", "torch", "jax", "tensorflow", "scipy", "pandas", "cupy", "dask"):
        return _array_function(ev, family, last, args, span)
    return _unknown_call(args)


_FORMULA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_FORMULA_FUNCTIONS = frozenset(
    {
        "C",
        "I",
        "Q",
        "np",
        "log",
        "exp",
        "sqrt",
        "center",
        "standardize",
        "scale",
        "bs",
        "cr",
        "cc",
        "te",
        "poly",
        "Treatment",
        "Sum",
        "Poly",
        "Diff",
        "Helmert",
    }
)


def _formula(ev, last: str, args: Arguments, span) -> Val:
    """`patsy.dmatrix("~ C(sex) + age", df)`: a design matrix of the columns the formula names."""
    formula = args.positional[0].const
    data = args.positional[1] if len(args.positional) > 1 else args.keywords.get("data", UNKNOWN)
    if not isinstance(formula, str):
        return Val(_mix(args).taint, kind="array")
    left, _, right = formula.rpartition("~")

    def columns(text: str) -> Val:
        names = [
            n for n in _FORMULA_NAME.findall(text) if n.split(".")[0] not in _FORMULA_FUNCTIONS
        ]
        picked = [frames.read_column(ev, data, n, span) for n in dict.fromkeys(names)]
        return Val(merge_taint(*(p.all_taint() for p in picked)), kind="array")

    if last == "dmatrices":
        return Val(kind="tuple", items=(columns(left), columns(right)))
    return columns(right)


def _builtin(ev, last: str, args: Arguments, span) -> Outcome:
    first = _first(args)
    if last in METADATA_FUNCTIONS:
        return Outcome(_mix(args), step="metadata")
    if last == "range":
        return Outcome(Val(kind="list", elem=Val(kind="counter")))
    if last == "enumerate":
        return Outcome(
            Val(kind="list", elem=Val(kind="tuple", items=(Val(kind="counter"), element_of(first))))
        )
    if last == "zip":
        parts = [element_of(v) for v in args.positional]
        return Outcome(Val(kind="list", elem=Val(kind="tuple", items=tuple(parts))))
    if last in ("list", "tuple", "sorted", "reversed", "iter", "set", "frozenset"):
        if not args.positional:
            return Outcome(Val(kind="list" if last != "set" else "set"))
        if first.kind in ("columns", "colname"):
            return Outcome(first)
        if last in ("list", "tuple") and first.items is not None:
            return Outcome(first.but(kind=last if last != "tuple" else "tuple"))
        return Outcome(
            Val(
                first.taint,
                kind="list" if last not in ("set", "frozenset") else "set",
                elem=element_of(first).but()
                if (first.elem is not None or first.items is not None or first.fields)
                else None,
                const=first.const if isinstance(first.const, tuple) else None,
            )
        )
    if last == "dict":
        if first is not UNKNOWN and (first.fields or first.kind == "dict"):
            return Outcome(first)
        out = Val(kind="dict", fields=dict(args.keywords) or None)
        if args.positional:
            out = with_taint(out, flat(first).taint)
            if (
                first.elem is not None
                and first.elem.items is not None
                and len(first.elem.items) == 2
            ):
                out = out.but(elem=first.elem.items[1])
        return Outcome(out)
    if last == "next":
        return Outcome(element_of(first))
    if last in ("map", "filter"):
        function = args.positional[0] if args.positional else UNKNOWN
        iterables = args.positional[1:]
        if last == "filter":
            return Outcome(iterables[0] if iterables else UNKNOWN)
        elements = [element_of(v) for v in iterables]
        result = ev.engine.call_value(ev, function, elements, span)
        return Outcome(Val(kind="list", elem=result))
    if last in (
        "int",
        "float",
        "str",
        "bool",
        "complex",
        "round",
        "abs",
        "bytes",
        "ord",
        "chr",
        "format",
    ):
        kind = {"str": "str", "bool": "bool", "format": "str"}.get(last, "num")
        value = Val(first.all_taint(), kind=kind) if args.positional else Val(kind=kind)
        if last == "str" and isinstance(first.const, str):
            value = value.but(const=first.const)
        if last == "int" and isinstance(first.const, int):
            value = value.but(const=first.const)
        return Outcome(value)
    if last in ("sum", "min", "max", "sorted"):
        return Outcome(Val(_mix(args).taint), step="aggregate")
    if last == "getattr":
        obj = first
        attr = args.positional[1] if len(args.positional) > 1 else UNKNOWN
        if isinstance(attr.const, str):
            return Outcome(frames.attribute(ev, obj, attr.const, span))
        return Outcome(Val(obj.all_taint()))
    if last == "open":
        return Outcome(Val(kind="file"))
    if last in ("super",):
        return Outcome(UNKNOWN)
    return Outcome(_mix(args))


RANDOM = ("$random",)
_RANDOM_DRAWS = frozenset(
    {
        "rand",
        "randn",
        "randint",
        "random",
        "random_sample",
        "normal",
        "uniform",
        "binomial",
        "poisson",
        "choice",
        "permutation",
        "integers",
        "standard_normal",
        "multinomial",
        "bernoulli",
        "randperm",
        "rand_like",
        "randn_like",
        "exponential",
        "beta",
        "gamma",
    }
)


def _constant_values(value: Val) -> bool:
    """A literal collection of constants, or a range of numbers (`[0, 1]`, `range(5)`): values
    written in the program, not data read by it."""
    if value.elem is not None and value.elem.kind == "counter" and not value.items:
        return True  # `range(n)`
    return is_literal(value)


def random_draw() -> Val:
    """Numbers drawn at random: the engine key `$random` marks simulated data, which a rule may
    tell apart from observed data (a simulated label is the simulation's ground truth)."""
    return Val({RANDOM: (Step("random draw", "", 0), None, 1)}, kind="array")


def _array_function(ev, family: str, last: str, args: Arguments, span) -> Outcome:
    first = _first(args)
    if last in ("default_rng", "RandomState", "Generator", "Random"):
        return Outcome(Val(kind="rng"))
    if last in _FRESH_ARRAYS:
        if last in _RANDOM_DRAWS:
            return Outcome(random_draw())
        return Outcome(Val(kind="array"))
    if last in ("where",) and len(args.positional) == 1:
        return Outcome(
            Val(
                frames.selection(
                    first.all_taint(), ev.step("positions chosen by it", span), ev.engine
                ),
                kind="index",
            )
        )
    if last in _SELECTING_FUNCTIONS:
        chosen = frames.selection(
            first.all_taint(), ev.step("positions chosen by it", span), ev.engine
        )
        return Outcome(Val(chosen, kind="index"))
    if last in _STACKERS:
        parts: list[Val] = []
        for value in args.positional:
            if value.items is not None:
                parts.extend(value.items)
            elif value.elem is not None:
                parts.append(value.elem)
            else:
                parts.append(value)
        if family == "pandas" or last == "concat":
            return Outcome(_concat(ev, parts, args))
        return Outcome(Val(merge_taint(*(p.all_taint() for p in parts)), kind="array"))
    if last in _ARRAY_CONSTRUCTORS:
        if first.fields and first.kind in ("frame", "array"):
            return Outcome(first.but(kind="array"))  # the frame's columns, by position
        return Outcome(Val(first.all_taint(), kind="array"))
    if family == "pandas":
        return _pandas_function(ev, last, args, span)
    if last in AGGREGATE_METHODS:
        # the axis is the second argument, except for quantiles (a, q, axis)
        axis_position = 2 if "quantile" in last or "percentile" in last else 1
        if (
            "axis" in args.keywords
            or "dim" in args.keywords
            or len(args.positional) > axis_position
        ):
            return Outcome(Val(first.all_taint(), kind="array"))
        return Outcome(Val(first.all_taint(), kind="num"), step="aggregate")
    if last in ("isnan", "isfinite", "isinf", "isin", "logical_and", "logical_or", "logical_not"):
        return Outcome(Val(_mix(args).taint, kind="mask"))
    if last == "where":
        condition = first
        chosen = join_all(args.positional[1:])
        return Outcome(with_taint(Val(chosen.all_taint(), kind="array"), condition.all_taint()))
    if last in ("split", "array_split", "hsplit", "vsplit", "chunk"):
        return Outcome(Val(kind="list", elem=Val(first.all_taint(), kind="array")))
    return Outcome(Val(_mix(args).taint, kind="array"))


def _named_columns(ev, frame: Val, span) -> Val:
    """A frame built from named columns (a dict of arrays, rows as dicts or named tuples): each
    column is written under its name, so a policy that reads a name as a source (the column a
    program trains on: `is_tp` of hap.py rows) sees it where the frame is made."""
    fields = dict(frame.fields or {})
    changed = False
    for name, value in fields.items():
        if is_literal(value):
            continue
        added = ev.read_event("store", name, frame, span)
        if added:
            fields[name] = with_taint(value, added)
            changed = True
    return frame.but(fields=fields) if changed else frame


def _pandas_function(ev, last: str, args: Arguments, span) -> Outcome:
    first = _first(args)
    if last == "DataFrame":
        data = _first(args, "data")
        if data is UNKNOWN:
            return Outcome(Val(kind="frame"))
        if data.kind == "frame":
            return Outcome(data)
        if data.kind == "series" and isinstance(data.meta, str):
            return Outcome(Val(fields={data.meta: data}, kind="frame"))  # one named column
        if data.kind == "array" and data.fields:  # an array that kept a frame's columns
            return Outcome(data.but(kind="frame"))
        if data.fields:
            fields = {
                name: value.but(kind="series", meta=name) for name, value in data.fields.items()
            }
            return Outcome(
                _named_columns(
                    ev,
                    Val(
                        flat(data).taint if data.elem is not None else None,
                        fields=fields,
                        kind="frame",
                    ),
                    span,
                )
            )
        names = frames.names_of(args.keywords["columns"]) if "columns" in args.keywords else None
        element = data.elem if data.kind == "list" else None
        if (
            names
            and len(names) > 1
            and not (element is not None and element.items is not None)
            and not data.fields
        ):
            # rows of unknown layout given column names: which name holds which data is not
            # known, so no column is taken to hold any of it
            return Outcome(frames.positional_columns(Val(data.all_taint(), kind="frame")))
        if (
            names
            and element is not None
            and element.items is not None
            and len(element.items) == len(names)
        ):
            # rows given as tuples, columns named: each position is its column
            fields = {
                n: Val(v.all_taint(), kind="series", meta=n) for n, v in zip(names, element.items)
            }
            return Outcome(_named_columns(ev, Val(data.taint, fields=fields, kind="frame"), span))
        if data.kind == "list" and data.elem is not None and data.elem.fields:
            fields = {
                n: Val(v.all_taint(), kind="series", meta=n) for n, v in data.elem.fields.items()
            }
            return Outcome(_named_columns(ev, Val(data.taint, fields=fields, kind="frame"), span))
        return Outcome(Val(data.all_taint(), kind="frame"))
    if last == "Series":
        return Outcome(Val(first.all_taint(), kind="series"))
    if last == "get_dummies":
        data = _first(args, "data")
        if data.kind == "frame":
            return Outcome(data)
        return Outcome(Val(data.all_taint(), kind="frame"))
    if last == "merge":
        parts = args.positional[:2]
        return Outcome(_merge_frames(parts))
    if last in ("isnull", "isna", "notnull", "notna"):
        return Outcome(Val(first.all_taint(), kind="mask"))
    if last in ("factorize",):
        return Outcome(
            Val(kind="tuple", items=(Val(first.all_taint(), kind="array"), Val(kind="array")))
        )
    return Outcome(
        Val(_mix(args).taint, kind="series" if first.kind == "series" else first.kind or "")
    )


def _concat(ev, parts: list[Val], args: Arguments) -> Val:
    axis = args.keywords.get("axis")
    by_columns = axis is not None and axis.const in (1, "columns")
    frames_only = [p for p in parts if p.kind in ("frame", "series") or p.fields]
    if not by_columns:
        return Val(kind="frame") if not parts else _merge_rows(parts)
    fields: dict[str, Val] = {}
    taint: dict = {}
    for number, part in enumerate(parts):
        if part.kind == "series" and isinstance(part.meta, str):
            fields[part.meta] = part
        elif part.fields and part.kind in ("frame", "dict", ""):
            fields.update(part.fields)
            taint = merge_taint(taint, part.taint)
        elif part.kind in ("series", "") and number > 0 and not part.fields:
            # a column whose name is not known here (`concat([X, y], axis=1)` with `y` a
            # parameter): kept apart, so that dropping the name the code gives it removes it
            fields[f"{frames.UNNAMED}{number}"] = part.but(kind="series")
        else:
            taint = merge_taint(taint, part.all_taint())
    del frames_only
    return Val(taint or None, fields=fields or None, kind="frame")


def _merge_rows(parts: list[Val]) -> Val:
    out = parts[0] if parts[0].kind == "frame" else Val(parts[0].all_taint(), kind="frame")
    for part in parts[1:]:
        if part.kind == "series" and isinstance(part.meta, str):
            # a series stacked under a frame's rows becomes that column (pandas aligns by name)
            part = Val(fields={part.meta: part}, kind="frame")
        out = join(out, part if part.kind == "frame" else Val(part.all_taint(), kind="frame"))
    return out.but(kind="frame")


def _merge_frames(parts: list[Val]) -> Val:
    fields: dict[str, Val] = {}
    taint: dict = {}
    for part in parts:
        if part.kind == "series" and isinstance(part.meta, str) and not part.fields:
            # `frame.join(other["label"])`: a named series joins as the column of its name
            fields[part.meta] = join(fields.get(part.meta), part) if part.meta in fields else part
            continue
        if part.fields:
            for name, value in part.fields.items():
                fields[name] = join(fields.get(name), value) if name in fields else value
        taint = merge_taint(taint, part.taint)
    return Val(taint or None, fields=fields or None, kind="frame")


def _bunch(ev, span, name: str) -> Val:
    """`load_iris()`: `.data`/`.frame` are a table of features, `.target` the dataset's target."""
    table = ev.engine.new_table(ev, span, f"{name}(...)")
    return Val(
        kind="bunch",
        fields={
            "data": table.but(kind="array"),
            "frame": table,
            "feature_names": Val(kind="list"),
            "target_names": Val(kind="list"),
            "DESCR": Val(kind="str"),
        },
    )


def _construct(ev, qualified: str, last: str, args: Arguments, span) -> Outcome | None:
    if last == "DataLoader":
        dataset = _first(args, "dataset")
        return Outcome(Val(kind="loader", elem=ev.engine.dataset_item(ev, dataset, span)))
    if last == "TensorDataset":
        item = Val(
            kind="tuple", items=tuple(Val(v.all_taint(), kind="array") for v in args.positional)
        )
        return Outcome(Val(kind="dataset", elem=item))
    if last in ("DataFrame", "Series") or qualified.startswith(("numpy.", "torch.Tensor")):
        return None
    if "joblib" in qualified.split(".") or (
        last == "Parallel" and qualified.startswith(("sklearn.utils", "sklearn.externals"))
    ):
        # `Parallel(n_jobs=4)` (also as `sklearn.externals.joblib` and scikit-learn's wrapper
        # `sklearn.utils.parallel.Parallel`) runs jobs, not a model
        return None
    role = class_role(last, qualified)
    if role == "dataset":
        # `DMatrix(X, label=y)`, `Pool(X, y)`: the data and its label, kept apart
        data = _first(args, "data")
        label = args.keywords.get("label")
        if label is None and len(args.positional) > 1:
            label = args.positional[1]
        fields = {"data": data}
        if label is not None:
            fields["label"] = label
        return Outcome(Val(kind="dataset", fields=fields))
    if not role and not qualified.startswith(
        (
            "sklearn",
            "imblearn",
            "xgboost",
            "lightgbm",
            "catboost",
            "torch.nn",
            "keras",
            "tensorflow",
        )
    ):
        return None
    # a model or transformer: remember what it was given (a Pipeline's steps, a search's model)
    state = Val(merge_taint(*(_given(v) for v in args.all())))
    return Outcome(Val(kind=f"libobj:{qualified}", meta=Fitted(role or "estimator", state)))


def _given(value: Val) -> dict:
    """What an object passed to a constructor carries: its data, or what a model learned."""
    if value.kind.startswith("libobj:"):
        return state_of(value).all_taint()
    return value.all_taint()


def instance_attribute(ev, obj: Val, name: str, span) -> Val:
    """`model.coef_`, `scaler.mean_`, `search.best_estimator_`: what a fitted object learned."""
    state = state_of(obj)
    if name in ("best_estimator_", "estimator", "estimator_", "named_steps", "steps"):
        return obj
    if name.endswith("_") and not name.startswith("_"):
        # what a fitted object learned (`coef_`, `scores_`, `mean_`): a summary of its training
        # data, as a prediction is; a target encoder's mapping is the target's values per level
        if value_role(obj) == "target-encoder":
            return Val(state.taint, kind="array")
        return ev.engine.apply_step(Val(state.taint, kind="array"), "model-output")
    return Val(obj.taint)


def _shift(receiver: Val, args: Arguments) -> Outcome:
    """`s.shift(k)`: with `k >= 1` (or a variable), each row sees earlier rows only — a lag."""
    period = args.positional[0] if args.positional else args.keywords.get("periods")
    value = Val(
        receiver.all_taint(),
        kind=receiver.kind if receiver.kind in ("series", "frame") else "series",
    )
    if (
        period is None
        or period.const is None
        or (
            isinstance(period.const, int)
            and not isinstance(period.const, bool)
            and period.const >= 1
        )
    ):
        return Outcome(value, step="lag")
    return Outcome(value)


_PARALLEL_MAPS = frozenset(
    {"map", "imap", "imap_unordered", "map_async", "starmap", "starmap_async"}
)


def _parallel_map(ev, receiver: Val, name: str, args: Arguments, span) -> Outcome | None:
    """`pool.map(f, items)`, `executor.map(f, items)`, `pool.map_async(f, items).get()`: the list
    of `f`'s results, one per item, as the builtin `map` (each result stays a tuple of parts,
    not one blob of everything `f` returned)."""
    function = args.positional[0]
    if not function.kind.startswith(("fn:", "bound:")) or receiver.kind in (
        "frame",
        "series",
        "dataset",
        "loader",
        "groupby",
    ):
        return None
    iterables = args.positional[1:]
    if name.startswith("starmap"):
        element = element_of(iterables[0])
        elements = list(element.items) if element.items is not None else [element]
    else:
        elements = [element_of(v) for v in iterables]
    results = Val(kind="list", elem=ev.engine.call_value(ev, function, elements, span))
    if name.endswith("_async"):
        return Outcome(Val(kind="async", elem=results))
    return Outcome(results)


def _method(ev, receiver: Val, name: str, args: Arguments, span, callee) -> Outcome:
    kind = receiver.kind
    if name in _PARALLEL_MAPS and len(args.positional) >= 2:
        mapped = _parallel_map(ev, receiver, name, args, span)
        if mapped is not None:
            return mapped
    if kind == "async" and name in ("get", "result", "wait") and receiver.elem is not None:
        return Outcome(receiver.elem)
    if name == "shift" and kind in ("series", "frame", "", "groupby", "window", "array"):
        if kind == "groupby" and isinstance(receiver.meta, frames.GroupBy):
            group = receiver.meta
            chosen = _group_columns(ev, group, span)
            return _shift(chosen, args)
        return _shift(receiver, args)
    if kind.startswith("libobj:"):
        return _model_method(ev, receiver, name, args, span)
    if kind == "rng":
        # a random generator: `choice(a)` picks elements of `a`, the rest draws fresh numbers
        if name in ("choice", "permutation") and args.positional:
            population = args.positional[0]
            if population.kind == "num" or _constant_values(population):
                # `rng.choice(range(5), size=n)`: values drawn from constants are random draws
                return Outcome(random_draw())
            return Outcome(population)
        if name in ("shuffle",):
            return Outcome(Val(kind="none"))
        if name in _RANDOM_DRAWS:  # rng.random(n), rng.normal(...): simulated, as np.random.*
            return Outcome(random_draw())
        return Outcome(Val(kind="array"))
    if kind == "window":
        # `s.rolling(3).mean()`: one value per row, computed from a window of rows
        return Outcome(Val(receiver.all_taint(), kind="series"))
    if kind in ("frame", "series") or (kind == "" and name in _FRAME_ONLY):
        frame_outcome = _frame_method(ev, receiver, name, args, span)
        if frame_outcome is not None:
            return frame_outcome
    if kind == "groupby":
        return _groupby_method(ev, receiver, name, args, span)
    if kind == "columns" and isinstance(receiver.meta, frames.ColumnSet):
        return _columns_method(receiver, name, args)
    if kind in ("dataset", "loader") and name in (
        "__iter__",
        "batch",
        "shuffle",
        "prefetch",
        "cache",
        "repeat",
        "take",
        "skip",
        "unbatch",
        "padded_batch",
        "with_options",
    ):
        return Outcome(receiver)
    if kind == "dataset" and name == "map" and args.positional:
        function = args.positional[0]
        element = receiver.elem or UNKNOWN
        parts = list(element.items) if element.items is not None else [element]
        return Outcome(Val(kind="dataset", elem=ev.engine.call_value(ev, function, parts, span)))
    if kind == "file" and name in ("read", "readlines", "readline"):
        return Outcome(Val(receiver.all_taint(), kind="str"))
    if name in METADATA_FUNCTIONS:
        return Outcome(Val(receiver.all_taint()), step="metadata")
    if name in MUTATING_METHODS:
        return _mutate(receiver, name, args)
    if name == "pop":
        key = args.positional[0] if args.positional else None
        if key is not None and isinstance(key.const, str) and receiver.fields:
            popped = field_of(receiver, key.const)
            if popped is not None:
                fields = {k: v for k, v in receiver.fields.items() if k != key.const}
                return Outcome(popped, receiver=receiver.but(fields=fields or None))
        return Outcome(
            element_of(receiver) if (receiver.elem or receiver.items) else Val(receiver.taint)
        )
    if name in ("items",) and (receiver.fields or receiver.kind == "dict"):
        values = join_all(receiver.fields.values()) if receiver.fields else receiver.elem
        return Outcome(
            Val(
                receiver.taint,
                kind="list",
                elem=Val(kind="tuple", items=(Val(kind="str"), values or UNKNOWN)),
            )
        )
    if name in ("values",) and (receiver.fields or receiver.kind == "dict"):
        values = join_all(receiver.fields.values()) if receiver.fields else receiver.elem
        return Outcome(Val(receiver.taint, kind="list", elem=values))
    if name == "get" and (receiver.fields or receiver.kind == "dict"):
        key = args.positional[0] if args.positional else UNKNOWN
        default = args.positional[1] if len(args.positional) > 1 else None
        if isinstance(key.const, str):
            found = field_of(receiver, key.const)
            if found is None:
                found = frames.read_column(ev, receiver, key.const, span, "key")
            return Outcome(join(found, default) if default is not None else found)
        return Outcome(join(frames.item(ev, receiver, key, span), default))
    if name == "get":
        key = args.positional[0] if args.positional else UNKNOWN
        found = frames.item(ev, receiver, key, span)
        default = args.positional[1] if len(args.positional) > 1 else None
        return Outcome(join(found, default) if default is not None else found)
    if name in ("join", "format") and receiver.kind == "str":
        return Outcome(Val(_mix(args, receiver).taint, kind="str"))
    if name in AGGREGATE_METHODS and not args.keywords.get("axis") and not args.positional:
        return Outcome(Val(receiver.all_taint(), kind="num"), step="aggregate")
    if name in RECEIVER_METHODS:
        if (
            receiver.kind in ("list", "tuple", "dict")
            or receiver.fields
            or receiver.items is not None
        ):
            return Outcome(receiver)
        return Outcome(Val(receiver.all_taint(), kind=receiver.kind))
    if name in (
        "fit",
        "fit_transform",
        "transform",
        "predict",
        "predict_proba",
        "fit_resample",
        "fit_sample",
        "score",
        "decision_function",
        "split",
    ):
        return _model_method(ev, receiver.but(kind="libobj:?", meta=""), name, args, span)
    return Outcome(_opaque_result(args, receiver))


# methods only a pandas frame has: a receiver of unknown kind (a parameter) called with one is
# taken for a frame, its known columns kept
_FRAME_ONLY = frozenset(
    {
        "drop",
        "iterrows",
        "itertuples",
        "groupby",
        "select_dtypes",
        "assign",
        "set_index",
        "reset_index",
        "sort_values",
        "pivot_table",
        "drop_duplicates",
    }
)


def _mutate(receiver: Val, name: str, args: Arguments) -> Outcome:
    values = list(args.positional)
    if (
        name in ("append", "extend")
        and isinstance(receiver.const, tuple)
        and receiver.items is not None
        and values
    ):
        # a list of column names grown by names: still a known list of names
        added = values[0].const if name == "extend" else (values[0].const,)
        if isinstance(added, tuple) and all(isinstance(n, str) for n in added):
            extra = tuple(Val(kind="str", const=n) for n in added)
            return Outcome(
                Val(kind="none"),
                receiver=receiver.but(items=receiver.items + extra, const=receiver.const + added),
            )
    if name in ("insert",) and len(values) > 1:
        values = values[1:]
    if name in ("update",) and values and values[0].fields:
        fields = dict(receiver.fields or {})
        fields.update(values[0].fields)
        return Outcome(Val(kind="none"), receiver=receiver.but(fields=fields))
    if name in ("extend", "extendleft", "update"):
        added = join_all(element_of(v) for v in values) if values else UNKNOWN
    elif name == "setdefault":
        added = values[1] if len(values) > 1 else UNKNOWN
    else:
        added = join_all(values) if values else UNKNOWN
    if receiver.items is not None:
        elem = join(join_all(receiver.items), added) if receiver.items else added
        new = receiver.but(items=None, elem=elem, const=None)
    else:
        new = receiver.but(
            elem=join(receiver.elem, added) if receiver.elem is not None else added, const=None
        )
    if not new.kind:
        new = new.but(kind="list")
    return Outcome(Val(kind="none"), receiver=new)


def _frame_method(ev, frame: Val, name: str, args: Arguments, span) -> Outcome | None:
    inplace = args.keywords.get("inplace")
    inplace = inplace is not None and inplace.const is True
    if name == "drop":
        names = _drop_names(args)
        if names is None:  # rows dropped (no `axis=1`, no `columns=`): the columns stay
            return Outcome(Val(kind="none"), receiver=frame) if inplace else Outcome(frame)
        out = frames.drop_columns(ev, frame, names, span)
        return Outcome(Val(kind="none"), receiver=out) if inplace else Outcome(out)
    if name in ("pivot_table", "pivot", "unstack"):
        # a reshaped frame: new columns (from the values of one) whose names are not known;
        # it holds whatever the frame held, row by row (not one summary of all rows)
        return Outcome(Val(frame.all_taint(), kind="frame"))
    if name == "pop":
        key = args.positional[0] if args.positional else UNKNOWN
        if isinstance(key.const, str):
            column = frames.read_column(ev, frame, key.const, span)
            return Outcome(
                column, receiver=frames.drop_columns(ev, frame, (key.const,), span, note=False)
            )
        return None
    if name == "assign":
        out = frame
        for column, value in args.keywords.items():
            if value.kind.startswith("fn:"):
                value = ev.engine.call_value(ev, value, [frame], span)
            out = frames.store_item(ev, out, [Val(kind="str", const=column)], value, _Span(span))
        return Outcome(out)
    if name == "insert" and len(args.positional) >= 3:
        column = args.positional[1]
        if isinstance(column.const, str):
            out = frames.store_item(ev, frame, [column], args.positional[2], _Span(span))
            return Outcome(Val(kind="none"), receiver=out)
    if name in ("merge", "join", "combine_first", "update"):
        other = args.positional[0] if args.positional else _first(args, "right")
        merged = _merge_frames([frame, other])
        if name == "update":
            return Outcome(Val(kind="none"), receiver=merged)
        return Outcome(merged)
    if name == "groupby":
        keys = args.positional[0] if args.positional else _first(args, "by")
        names = frames.names_of(keys)
        key_val = (
            keys
            if names is None
            else Val(
                merge_taint(*(frames.read_column(ev, frame, n, span).all_taint() for n in names))
            )
        )
        return Outcome(Val(kind="groupby", meta=frames.GroupBy(frame, key_val, None)))
    if name in ("iterrows",):
        return Outcome(
            Val(
                kind="list",
                elem=Val(kind="tuple", items=(Val(kind="counter"), frame.but(kind="series"))),
            )
        )
    if name in ("itertuples",):
        return Outcome(Val(kind="list", elem=frame.but(kind="")))
    if name in ("apply", "applymap", "map", "transform", "agg", "aggregate", "pipe"):
        function = args.positional[0] if args.positional else _first(args, "func")
        if function.kind.startswith(("fn:", "bound:", "obj:", "cls:")):
            axis = args.keywords.get("axis")
            by_rows = axis is not None and axis.const in (1, "columns")
            if frame.kind == "frame" and name in ("apply", "transform") and not by_rows:
                # `df.apply(f)`: `f` runs on each column alone, so the columns stay apart
                return Outcome(_per_column(ev, frame, function, span))
            element = frame if name in ("apply", "pipe") else Val(frame.all_taint())
            result = ev.engine.call_value(ev, function, [element], span)
            return Outcome(
                Val(result.all_taint(), kind="series" if frame.kind == "series" else "frame")
            )
        if function.kind in ("dict", "series") or function.fields:
            lookup = join_all(function.fields.values()) if function.fields else function
            return Outcome(Val(merge_taint(lookup.all_taint(), frame.all_taint()), kind=frame.kind))
        if function.kind == "str" and name == "transform":
            return Outcome(Val(frame.all_taint(), kind=frame.kind))
        return Outcome(Val(merge_taint(frame.all_taint(), function.all_taint()), kind=frame.kind))
    if name in ("rename",):
        mapping = args.keywords.get("columns")
        if mapping is not None and mapping.fields and frame.fields:
            fields = {}
            for column, value in frame.fields.items():
                new = field_of(mapping, column)
                fields[new.const if new is not None and isinstance(new.const, str) else column] = (
                    value
                )
            return Outcome(frame.but(fields=fields))
        return Outcome(frame)
    if name in ("set_index",):
        key = args.positional[0] if args.positional else UNKNOWN
        if isinstance(key.const, str):
            out = frames.drop_columns(ev, frame, (key.const,), span, note=False)
            return Outcome(Val(kind="none"), receiver=out) if inplace else Outcome(out)
        return Outcome(frame)
    if name in ("to_numpy", "as_matrix", "to_records"):
        return Outcome(frame.but(kind="array"))
    if name == "to_frame" and frame.kind == "series" and isinstance(frame.meta, str):
        return Outcome(Val(fields={frame.meta: frame}, kind="frame"))
    if name == "align" and args.positional:
        return Outcome(Val(kind="tuple", items=(frame, args.positional[0])))
    if name == "_get_numeric_data":
        return Outcome(frame)  # pandas' own `select_dtypes("number")`
    if name == "select_dtypes":
        # numbers and booleans kept (or only text dropped): the label and what was computed
        # from it pass; any other choice of dtypes keeps columns we cannot name
        include, exclude = _first(args, "include"), args.keywords.get("exclude")
        kept = include is UNKNOWN or _dtype_names(include) <= _NUMERIC_DTYPES
        dropped = exclude is None or _dtype_names(exclude) <= _TEXT_DTYPES
        if include is UNKNOWN and exclude is None:
            kept = True
        elif include is UNKNOWN:
            kept = dropped
        if not (kept and dropped):
            return Outcome(frames.positional_columns(frame))  # which columns pass is not known
        return Outcome(frame)
    if name in ("rolling", "expanding", "ewm", "resample"):
        return Outcome(Val(frame.all_taint(), kind="window"))
    if name in ("to_dict",):
        return Outcome(frame.but(kind="dict"))
    if name in ("corr", "corrwith", "cov", "describe"):
        return Outcome(Val(frame.all_taint(), kind="frame"), step="aggregate")
    if name in AGGREGATE_METHODS:
        axis = args.keywords.get("axis")
        if axis is not None and axis.const in (1, "columns"):
            return Outcome(Val(frame.all_taint(), kind="series"))
        return Outcome(
            Val(frame.all_taint(), kind="series" if frame.kind == "frame" else "num"),
            step="aggregate",
        )
    if name in RECEIVER_METHODS or name in ("fillna", "replace", "astype", "copy"):
        extra = merge_taint(
            *(
                v.all_taint()
                for v in args.positional
                if v.kind in ("frame", "series", "array", "dict")
            )
        )
        out = with_taint(frame, extra) if extra else frame
        if inplace:
            return Outcome(Val(kind="none"), receiver=out)
        return Outcome(out)
    if name in (
        "isin",
        "between",
        "isnull",
        "isna",
        "notnull",
        "notna",
        "duplicated",
        "eq",
        "ne",
        "lt",
        "gt",
        "le",
        "ge",
        "str_contains",
        "contains",
        "startswith",
        "endswith",
    ):
        return Outcome(Val(frame.all_taint(), kind="mask"))
    return None


def _per_column(ev, frame: Val, function: Val, span) -> Val:
    fields = {}
    for column, value in (frame.fields or {}).items():
        result = ev.engine.call_value(ev, function, [value.but(kind="series", meta=column)], span)
        fields[column] = Val(result.all_taint(), kind="series", meta=column)
    rest = frame.taint
    if rest:
        result = ev.engine.call_value(ev, function, [Val(rest, kind="series")], span)
        # keys of the frame's unknown columns stay as they were; only new ones mix in
        rest = merge_taint(
            rest, {k: t for k, t in result.all_taint().items() if k[0] != frames.TABLE}
        )
    return Val(rest or None, fields=fields or None, kind="frame")


class _Span:
    """A stand-in statement for frames.store_item, which reads only `.span`."""

    def __init__(self, span):
        self.span = span


def _drop_names(args: Arguments):
    names: list = []
    axis = args.keywords.get("axis")
    by_columns = axis is not None and axis.const in (1, "columns")
    candidates = []
    if "columns" in args.keywords:
        candidates.append(args.keywords["columns"])
        by_columns = True
    if "labels" in args.keywords:
        candidates.append(args.keywords["labels"])
    if args.positional:
        candidates.append(args.positional[0])
        if len(args.positional) > 1 and args.positional[1].const in (1, "columns"):
            by_columns = True
    if not by_columns:
        return None
    for value in candidates:
        spelled = frames.names_of(value)
        if spelled is not None:
            names.extend(spelled)
        elif value.kind == "columns" and isinstance(value.meta, frames.ColumnSet):
            continue
        elif (
            value.kind == "colname" and isinstance(value.meta, frames.ColumnSet) and value.meta.only
        ):
            names.extend(value.meta.only)
        elif (
            value.kind == "list"
            and value.elem is not None
            and isinstance(value.elem.meta, frames.ColumnSet)
            and value.elem.meta.only
        ):
            names.extend(value.elem.meta.only)
    return tuple(names)


def _group_columns(ev, group, span) -> Val:
    frame = group.frame
    if group.columns is not None:
        return Val(
            merge_taint(
                *(frames.read_column(ev, frame, c, span).all_taint() for c in group.columns)
            ),
            kind="series",
        )
    return Val(frame.all_taint(), kind="frame")


def _groupby_method(ev, receiver: Val, name: str, args: Arguments, span) -> Outcome:
    group: frames.GroupBy = receiver.meta
    frame = group.frame
    chosen = _group_columns(ev, group, span)
    if name in (
        "sample",
        "head",
        "tail",
        "nth",
        "first",
        "last",
        "filter",
        "ngroup",
        "cumcount",
        "size",
        "count",
        "groups",
        "indices",
        "nunique",
    ):
        # rows chosen per group: the same rows, chosen by the keys
        chosen_rows = frames.selection(
            group.keys.all_taint(), ev.step("rows chosen by group", span), ev.engine
        )
        return Outcome(with_taint(frame, chosen_rows))
    keys = group.keys.all_taint()
    if name in ("apply", "transform", "agg", "aggregate") and args.positional:
        function = args.positional[0]
        if function.kind.startswith(("fn:", "bound:")):
            result = ev.engine.call_value(ev, function, [chosen], span)
            chosen = Val(result.all_taint())
    elif group.columns is None and frame.fields:
        # `df.groupby(k).max()`: each column summarised within its groups, the columns apart
        fields = {
            n: Val(merge_taint(v.all_taint(), keys), kind="series", meta=n)
            for n, v in frame.fields.items()
        }
        return Outcome(Val(merge_taint(frame.taint, keys) or None, fields=fields, kind="frame"))
    return Outcome(
        Val(
            merge_taint(chosen.all_taint(), group.keys.all_taint()),
            kind="series" if group.columns and len(group.columns) == 1 else "frame",
        )
    )


def _columns_method(receiver: Val, name: str, args: Arguments) -> Outcome:
    columns: frames.ColumnSet = receiver.meta
    if name in ("difference", "drop") and args.positional:
        names = frames.names_of(args.positional[0])
        if names:
            if columns.only is not None:
                kept = tuple(c for c in columns.only if c not in names)
                chosen = columns.but(only=kept)
            else:
                chosen = columns.but(excluded=columns.excluded | frozenset(names))
            return Outcome(Val(kind="columns", meta=chosen, elem=Val(kind="colname", meta=chosen)))
    if name in ("tolist", "to_list", "copy", "to_numpy", "sort_values", "unique"):
        return Outcome(receiver)
    if name in ("get_loc", "get_indexer"):
        return Outcome(Val(kind="num"))
    return Outcome(Val(kind="columns", meta=columns.but(positional=True, only=None)))


# Transformers that map each column on its own (their output keeps the input's columns apart).
_COLUMNWISE = re.compile(
    r"(?:Scaler|Imputer|^QuantileTransformer$|^PowerTransformer$|^OrdinalEncoder$|^Binarizer$"
    r"|^KBinsDiscretizer$|^FunctionTransformer$)"
)


def _model_method(ev, model: Val, name: str, args: Arguments, span) -> Outcome:
    role = value_role(model) or "estimator"
    state = state_of(model)
    fitted = model.meta if isinstance(model.meta, Fitted) else Fitted(role)
    first = _first(args, "X")
    if first is UNKNOWN:
        first = _first(args, "x")
    learned = Val(merge_taint(*(v.all_taint() for v in args.all())))
    if name in ("get_feature_names", "get_feature_names_out"):
        # the names of the output columns (`x0 x1`, `onehot__colour_red`): what the columns
        # are called, never what the rows hold
        return Outcome(
            Val(merge_taint(first.all_taint(), state.taint), kind="list"), step="metadata"
        )
    if name in ("fit", "partial_fit", "fit_generator", "train_on_batch"):
        new_state = join(state, learned)
        return Outcome(model, receiver=model.but(meta=Fitted(fitted.role, new_state)))
    if name in ("fit_resample", "fit_sample") or (role == "resampler" and name == "resample"):
        return Outcome(
            Val(
                kind="tuple",
                items=tuple(
                    Val(v.all_taint(), kind=v.kind or "array") if v.kind != "frame" else v
                    for v in args.positional[:2]
                ),
            )
        )
    if name == "split" and role in ("splitter", "estimator", ""):
        index = Val(kind="index")
        return Outcome(Val(kind="list", elem=Val(kind="tuple", items=(index, index))))
    if name in ("transform", "fit_transform", "inverse_transform"):
        inputs = Val(first.all_taint(), kind="array")
        last = model.kind.rsplit(".", 1)[-1]
        if first.fields and _COLUMNWISE.search(last):
            inputs = first.but(kind="array")  # column by column: the columns stay apart
        elif role == "selector" and (first.kind == "frame" or first.fields):
            # columns of a table chosen by what the selector learned: which ones is not known
            inputs = frames.positional_columns(first).but(kind="array")
        if role == "label-transformer":
            return Outcome(
                inputs,
                receiver=model if name == "transform" else model.but(meta=fitted.learned(learned)),
            )
        if name == "fit_transform":
            new_state = join(state, learned)
            new_model = model.but(meta=Fitted(fitted.role, new_state))
            if role == "target-encoder":
                return Outcome(Val(new_state.taint, kind="array"), receiver=new_model)
            return Outcome(inputs, receiver=new_model)
        if role == "target-encoder":
            return Outcome(Val(merge_taint(inputs.taint, state.taint), kind="array"))
        return Outcome(inputs)
    if name in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "fit_predict",
        "staged_predict",
        "staged_predict_proba",
        "forecast",
        "predict_on_batch",
    ):
        if role in ("cluster",) or name == "fit_predict":
            return Outcome(Val(first.all_taint(), kind="array"))
        return Outcome(
            Val(kind="array"), model_output=Val(merge_taint(first.all_taint(), state.taint))
        )
    if name in ("sample", "rvs", "generate", "simulate", "draw"):
        # draws from a fitted generator: what it learned, as a model's outputs are
        return Outcome(
            Val(kind="array"), model_output=Val(merge_taint(first.all_taint(), state.taint))
        )
    if name in ("score", "evaluate", "test_on_batch", "score_samples"):
        return Outcome(_mix(args), step="metric")
    if name in (
        "get_params",
        "set_params",
        "get_n_splits",
        "summary",
        "save",
        "save_model",
        "load_model",
        "compile",
        "to",
        "cuda",
        "cpu",
        "eval",
        "train",
        "zero_grad",
        "parameters",
        "named_parameters",
        "state_dict",
        "load_state_dict",
    ):
        return Outcome(
            model
            if name in ("to", "cuda", "cpu", "train", "eval", "set_params", "compile")
            else Val(),
            step="metadata",
        )
    if not value_role(model):
        # an object of no known ML role (a dask `Client`, a cache, a device wrapper):
        # `X, y = client.persist([X, y])` hands back each part as it was, as an opaque function
        # does
        return Outcome(_opaque_result(args, Val(state.taint) if state.taint else None))
    return Outcome(Val(merge_taint(first.all_taint(), state.taint)))


__all__ = [
    "AGGREGATE_METHODS",
    "METADATA_FUNCTIONS",
    "MUTATING_METHODS",
    "PROCESS_POOLS",
    "Outcome",
    "call_library",
    "class_role",
    "flat",
    "item_at",
    "role_of",
    "value_role",
]
