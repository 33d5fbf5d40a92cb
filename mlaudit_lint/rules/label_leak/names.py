"""The vocabulary of ML code: which names are labels, which calls are sinks, which are harmless.

Everything here is a naming convention, so it lives in one table that a reviewer can read in one
sitting and a rule can be tuned from without touching the analysis.
"""

from __future__ import annotations

import re

# Common label names. Model outputs (y_pred, y_hat, y_prob, y_score, preds, logits) and
# unsupervised "labels" (cluster_labels, pseudo_labels) are deliberately not labels.
LABEL_NAME_RE = re.compile(
    r"^(?:y|y_\w+|Y|Y_\w+"
    r"|labels?|targets?|truth|ground_truth|gt_labels?|truth_\w+"
    r"|[a-z0-9_]*_labels?|[a-z0-9_]*_targets?|[a-z0-9_]*_truth)$",
    re.IGNORECASE,
)
NOT_LABEL_RE = re.compile(
    r"^(?:[yY]_(?:pred\w*|prediction\w*|hat\w*|prob\w*|score\w*|est\w*|fit\w*|sim\w*|model\w*|out\w*|logits?|min|max|lim|axis|label|ticks?|coord\w*|pos\w*|offset|range|scale|size|step)"
    r"|(?:pred|preds|predicted|prediction|pseudo|cluster|kmeans|dbscan|plot|axis|tick|legend|class|node|edge|bar|col|column|row|text|font|cbar|color)_\w*|[xyzXYZ]_?labels?"
    r"|\w*_(?:pred|preds|hat|prob|probs|proba|scores?|logits)(?:_\w+)?"
    # counts, switches and descriptions of the labels, not their values: `n_targets`,
    # `num_labels`, `multi_target`, `y_type`, `label_dtype`
    r"|(?:n|num|number_of|max|min|multi|is|has|use)_\w+|\w+_(?:type|dtype|kind|count|counts|dim|ndim))$",
    re.IGNORECASE,
)
# Bare `y` is common as a label variable but also as a coordinate; as an attribute (`p.y`)
# it is a coordinate far more often than a label, so attributes need a longer name.
ATTR_LABEL_MIN_LEN = 2


# Label names too common to mean "the label" outside code that works on data.
WEAK_LABEL_NAMES = frozenset(
    {"y", "Y", "target", "targets", "label", "labels", "truth", "gt", "Target", "Label"}
)


def is_label_name(name: str, extra: frozenset[str] = frozenset()) -> bool:
    if name in extra:
        return True
    if name.lower().startswith("is_") and is_truth_name(name):
        return True
    return bool(LABEL_NAME_RE.match(name)) and not NOT_LABEL_RE.match(name)


# Columns of a truth comparison (hap.py, vcfeval) that hold the answer, in any case:
# `TRUTH`, `truth_gt`, `is_tp`, `is_true_positive`
TRUTH_NAME_RE = re.compile(
    r"^(?:\w*_)?truth(?:_\w+)?$|^is_(?:tp|fp|true_positive|false_positive)$", re.IGNORECASE
)


def is_truth_name(name: str) -> bool:
    return bool(TRUTH_NAME_RE.match(name))


def is_label_attr(name: str, extra: frozenset[str] = frozenset()) -> bool:
    if name in extra:
        return True
    return len(name) >= ATTR_LABEL_MIN_LEN and is_label_name(name)


# Variables and attributes that hold what a model consumes.
FEATURE_NAME_RE = re.compile(  # case matters: `X` is a feature matrix, `x` is anything
    r"^(?:X|X\d+|X_\w+|X[a-z]\w*|x_(?:train|test|val|valid|tr|te|all|dev|full|aug|new)|features?|feats?|feature_vectors?"
    r"|feature_matrix|design_matrix|inputs|model_inputs?|feat_\w+|feature_(?:vec|row|rows|array|table|df|frame|set|map|dict|tensor)"
    r"|\w+_features?|\w+_feats?)$",
)
NOT_FEATURE_RE = re.compile(
    r"^(?:n|num|number_of|max|min|selected|use|add|extra_cols)_\w+|\w*_(?:names?|cols?|columns?|list|idx|index|indices|importances?|count|dim|dims|size|keys?|fn|func|path|file|dir|spec|types?|mask)$",
    re.IGNORECASE,
)


def is_feature_name(name: str) -> bool:
    return bool(FEATURE_NAME_RE.match(name)) and not NOT_FEATURE_RE.match(name)


# Functions whose return value is the feature vector.
FEATURE_FUNCTION_RE = re.compile(r"featur|^(?:__getitem__)$", re.IGNORECASE)
NOT_FEATURE_FUNCTION_RE = re.compile(
    r"(?:names?|cols?|columns?|importances?|count|select\w*|plot\w*|describe\w*|summar\w*|check\w*|validate\w*|test_\w*)$|^(?:n|num|plot|test|select|check|validate|describe|print|log|save|load|show|draw)_",
    re.IGNORECASE,
)


def is_feature_function(name: str) -> bool:
    return bool(FEATURE_FUNCTION_RE.search(name)) and not NOT_FEATURE_FUNCTION_RE.search(name)


# Callables that are a model: calling one feeds its first argument to the model.
MODEL_CALLEE_RE = re.compile(
    r"^(?:model|net|network|clf|classifier|regressor|estimator|mlp|cnn|rnn|lstm|gru|transformer"
    r"|backbone|encoder|\w+_model|model_\w+|\w+_net|\w+_clf|\w+cnn|\w+classifier|forward)$",
    re.IGNORECASE,
)

NOT_MODEL_CALLEE_RE = re.compile(
    r"^(?:build|load|get|create|make|prepare|init|save|train|fit|compile|export|register|select|define"
    r"|setup|new|copy|update|wrap|to|from|evaluate|eval|test|check|validate|print|log|show|plot|describe"
    r"|summarize|reset|freeze|unfreeze|parse|read|write|download|upload|resolve|find|lookup|is|has|set)_\w*",
    re.IGNORECASE,
)


def is_model_callee(name: str) -> bool:
    return bool(MODEL_CALLEE_RE.match(name)) and not NOT_MODEL_CALLEE_RE.match(name)


# Estimator methods whose first positional argument is the feature matrix.
ESTIMATOR_SINK_METHODS = frozenset(
    {
        "fit",
        "partial_fit",
        "fit_transform",
        "fit_predict",
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
        "transform",
        "score_samples",
        "staged_predict",
        "staged_predict_proba",
        "fit_resample",
        "train_on_batch",
        "test_on_batch",
    }
)
# Functions taking (estimator, X, y, ...).
CV_FUNCTIONS = frozenset(
    {
        "cross_val_score",
        "cross_val_predict",
        "cross_validate",
        "learning_curve",
        "validation_curve",
        "permutation_test_score",
        "GridSearchCV",
        "RandomizedSearchCV",
    }
)
# Data containers whose first argument is features and `label=` the label.
DATASET_CTORS = frozenset({"DMatrix", "DeviceQuantileDMatrix", "QuantileDMatrix", "Pool"})
TENSOR_DATASETS = frozenset({"TensorDataset"})

# Calls whose value carries no per-example information about their inputs, or whose use of
# the label is the legitimate one: losses, metrics, weights, logging, shapes, paths.
SANITIZER_RE = re.compile(
    r"(?:loss|criterion|_score|_error|_curve|_deviance|confusion_matrix|classification_report"
    r"|^auc$|^score$|^evaluate\w*|^compute_\w*weight\w*|weights?$|^print$|^len$|^isinstance$|^type$"
    r"|^id$|^hash$|^range$|^open$|^repr$|^str$|^format$|^shape$|^bincount$|^unique$|^Path$|^device$"
    r"|^info$|^debug$|^warning$|^warn$|^error$|^exception$|^critical$|^write$|^assert\w*"
    r"|^set_description$|^set_postfix$|^add_scalar$|^log_metric\w*|^savefig$|^save$|^dump$"
    r"|^exists$|^join$|^dirname$|^basename$|^getattr$|^hasattr$|^count$|^nunique$|^value_counts$"
    r"|^backward$|^step$|^zero_grad$|^train$|^eval$|^argsort$|^np_random$|^seed$|^manual_seed$"
    r"|^predict\w*|^decision_function$|^fit$|^partial_fit$|^precision\w*|^recall\w*|^f1\w*|^accuracy\w*"
    r"|^roc\w*|^matthews\w*|^mean_squared\w*|^brier\w*|^log_loss$|^kappa\w*|^cohen\w*|^balanced_accuracy\w*)",
)


def is_sanitizer(last: str) -> bool:
    return bool(SANITIZER_RE.search(last))


# Methods that return their receiver reshaped, moved or relabelled: arguments are options.
RECEIVER_ONLY_METHODS = frozenset(
    {
        "to",
        "cuda",
        "cpu",
        "astype",
        "reshape",
        "view",
        "float",
        "double",
        "long",
        "int",
        "half",
        "bool",
        "numpy",
        "detach",
        "clone",
        "copy",
        "squeeze",
        "unsqueeze",
        "flatten",
        "ravel",
        "tolist",
        "to_numpy",
        "to_list",
        "sort_values",
        "sort_index",
        "reset_index",
        "set_index",
        "rename",
        "split",
        "strip",
        "lower",
        "upper",
        "encode",
        "decode",
        "permute",
        "transpose",
        "contiguous",
        "requires_grad_",
        "type",
        "round",
        "clip",
        "fillna",
        "replace",
        "get",
        "pop",
        "expand",
        "repeat",
        "tile",
        "asfreq",
        "infer_objects",
        "convert_dtypes",
        "pin_memory",
        "to_dict",
        "to_records",
        "items",
        "keys",
        "values",
        "rstrip",
        "lstrip",
        "sample",
        "head",
        "tail",
        "dropna",
        "drop_duplicates",
        "query",
        "nlargest",
        "nsmallest",
        "shuffle",
        "iterrows",
        "itertuples",
        "copy_",
        "cumsum",
        "cumprod",
        "abs",
        "sqrt",
        "exp",
        "log1p",
        "clamp",
        "format",
        "splitlines",
        "swapaxes",
        "filter",
        "where",
    }
)
# Methods that put their arguments into the receiver (a mutation, not a new value).
MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "update",
        "add",
        "insert",
        "appendleft",
        "extendleft",
        "setdefault",
        "put",
        "push",
        "add_",
        "copy_",
        "fill_",
        "__setitem__",
        "assign_",
        "write_row",
    }
)
# Functions that return their array arguments split or resampled, aligned with the input order.
SPLIT_FUNCTIONS = frozenset({"train_test_split"})
RESAMPLE_FUNCTIONS = frozenset({"resample", "shuffle", "fit_resample", "indexable"})
# numpy/torch/pandas functions that stack their arguments into one array.
STACK_FUNCTIONS = frozenset(
    {
        "column_stack",
        "hstack",
        "vstack",
        "dstack",
        "concatenate",
        "stack",
        "append",
        "cat",
        "concat",
        "block",
        "c_",
        "r_",
        "broadcast_arrays",
        "merge",
        "join",
        "combine_first",
    }
)
# Pandas groupby methods that select rows rather than compute from the groups.
GROUP_SELECT_METHODS = frozenset(
    {
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
    }
)
# Attributes that describe an array without carrying its values.
METADATA_ATTRS = frozenset(
    {
        "shape",
        "dtype",
        "dtypes",
        "ndim",
        "size",
        "columns",
        "index",
        "device",
        "name",
        "names",
        "nbytes",
        "is_cuda",
        "requires_grad",
        "layout",
        "grad_fn",
        "classes_",
        "n_features_in_",
    }
)
# Calls whose result is not a label even when bound to a label-looking name.
# calls that build a new array from shapes and constants: never observed data
FRESH_ARRAY_CALLS = frozenset(
    {
        "zeros",
        "ones",
        "empty",
        "full",
        "zeros_like",
        "ones_like",
        "empty_like",
        "full_like",
        "arange",
        "linspace",
        "logspace",
        "geomspace",
        "eye",
        "identity",
        "meshgrid",
        "indices",
        "tri",
        "diag",
    }
)

NON_LABEL_CALLS = frozenset(
    {
        "range",
        "len",
        "Path",
        "PurePath",
        "device",
        "join",
        "abspath",
        "realpath",
        "expanduser",
        "dirname",
        "basename",
        "resolve",
        "str",
        "getenv",
        "get_device",
        "open",
        "predict",
        "predict_proba",
        "decision_function",
        "forward",
        "argmax",
        "sigmoid",
        "softmax",
        "zeros",
        "ones",
        "empty",
        "linspace",
        "arange",
        "format",
        "mkdtemp",
        "gettempdir",
        "with_suffix",
        "relative_to",
        "parse_args",
        "cwd",
        "home",
        "is_available",
        "randint",
        "randn",
        "rand",
        "meshgrid",
        "mgrid",
        "ogrid",
        "indices",
        "unravel_index",
        "nonzero",
        "argwhere",
        "divmod",
        "where",
        "histogram",
        "histogram2d",
        "ecdf",
    }
)
# Model outputs: a name bound from one of these is a prediction, not a label.
MODEL_OUTPUT_RE = re.compile(
    r"^(?:y_pred\w*|y_hat|y_prob\w*|y_score\w*|preds?|predictions?|logits|probs|probas?|outputs?|scores)$"
)

# Names that only select rows: a subscript by one of these is a filter, not a value.
MASK_NAME_RE = re.compile(
    r"(?:^|_)(?:mask|keep|is_train|is_test|selected|sel|valid_rows|idx_mask)(?:$|_)"
)

# Objects holding settings, not data: `args.label` or `config["target"]` names a column or a
# path; it is not the label itself.
CONFIG_OBJECT_RE = re.compile(
    r"^(?:args|arguments|opts|options|opt|config|cfg|conf|settings|params|hparams|hp|kwargs|overrides"
    r"|namespace|ns|flags|FLAGS|parser|meta|metadata|defaults|spec|schema|env|environ|context|ctx)$"
)


# Iterables and values named like geometry: their `x, y` are coordinates, not a label.
COORDINATE_RE = re.compile(
    r"(?:^|_)(?:points?|pts|coords?|coordinates|keypoints?|kps|pixels?|positions?|pos|locs?"
    r"|locations?|xys?|vertices|vertex|corners?|cent(?:er|re)s?|landmarks?|offsets?|grid|mesh"
    r"|polygon|contour|bbox(?:es)?|boxes|xs|ys|shape|size|dims?|meshgrid)$",
    re.IGNORECASE,
)


def is_coordinate_name(name: str) -> bool:
    return bool(COORDINATE_RE.search(name))
