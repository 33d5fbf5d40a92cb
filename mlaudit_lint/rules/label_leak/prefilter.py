"""A textual pre-check that lets the engine skip parsing files that cannot matter.

It must be sound for the analysis: it answers False only when the file can change no finding.
A finding needs a sink, and a label source that reaches it. So a file is kept when it holds:

* a sink: an estimator call (`.fit(`, `.predict_proba(`, `cross_val_score(`...), a call of a
  model-named object (`model(`, `self.net(`), a feature-named binding (`X = `, `features`...), a
  feature-extraction function (`featur...`), a Dataset's `__getitem__`, or a label-inferring
  call (a loss, `TensorDataset`, `DMatrix`);
* a configured label or truth source;
* or a label word (`y`, `labels`, `*_truth`, ...) *and* an import of a module that is not part
  of the standard library (or a relative import): a label can only reach a sink in another file
  by calling into it, which needs that import; and files a candidate imports are followed by
  the engine anyway.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from ...ftypes import Config

# Each check is a cheap substring test on the lower-cased text first, then a regex only where
# the substring occurs: case-insensitive alternations over the whole text are the slow part.
_ESTIMATOR = re.compile(
    r"\.\s*(?:\w*fit\w*|predict\w*|score|score_samples|\w*transform|decision_function|\w*on_batch)\s*\("
)
_CALLS_WORDS = (
    "cross_val",
    "learning_curve",
    "validation_curve",
    "permutation_test",
    "searchcv",
    "tensordataset",
    "pool",
    "dataset",
    "dmatrix",
)
_CALLS = re.compile(
    r"\b(?:cross_val\w*|cross_validate|learning_curve|validation_curve|permutation_test_score"
    r"|gridsearchcv|randomizedsearchcv|tensordataset|pool|dataset)\s*\(|dmatrix\s*\("
)
# calls of model-named objects (as `names.MODEL_CALLEE_RE`), and losses (they name the label)
_MODEL_WORDS = (
    "model",
    "net",
    "clf",
    "classifier",
    "regressor",
    "estimator",
    "mlp",
    "cnn",
    "rnn",
    "lstm",
    "gru",
    "transformer",
    "backbone",
    "encoder",
    "forward",
    "loss",
    "criterion",
)
_MODEL = re.compile(
    r"\b(?:model|net|network|clf|classifier|regressor|estimator|mlp|cnn|rnn|lstm|gru|transformer"
    r"|backbone|encoder|forward)\s*\(|(?:_model|_net|_clf|cnn|classifier)\s*\(|model_\w+\s*\("
    r"|(?:loss|criterion)\w*\s*\("
)
# feature-named bindings (as `names.FEATURE_NAME_RE`)
_X_BINDING = re.compile(r"\bX\w*\s*(?:[,=\[]|\.(?:append|extend|update|insert|add)\b)")
_FEATURE_NAMES = re.compile(
    r"\b(?:feats?|inputs|model_inputs?|design_matrix|x_(?:train|test|val|valid|tr|te|all|dev|full|aug|new))\b"
    r"|_feats?\b"
)
_DATASET = re.compile(r"Dataset|DataModule|\w+Data\b|\w+Set\b|\w+Loader\b|Sequence\b")
_LABEL_NAME = re.compile(r"\b[yY](?:_\w+)?\b")
_IMPORT = re.compile(
    r"^\s*(?:from\s+(\.+|[\w.]+)\s+import|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))", re.MULTILINE
)
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__"}


@lru_cache(maxsize=64)
def _configured(labels: tuple[str, ...], truth_sources: tuple[str, ...]) -> re.Pattern | None:
    names = [re.escape(name) for name in labels]
    names += [re.escape(name.rsplit(".", 1)[-1]) for name in truth_sources]
    return re.compile(rf"\b(?:{'|'.join(names)})\b") if names else None


def _imports_project_code(text: str) -> bool:
    for match in _IMPORT.finditer(text):
        relative, names = match.groups()
        if relative is not None:
            if relative.startswith(".") or relative.split(".")[0] not in _STDLIB:
                return True
            continue
        for name in names.split(","):
            if name.strip().split(".")[0] not in _STDLIB:
                return True
    return False


def _has_sink(text: str, lower: str) -> bool:
    if "featur" in lower:
        return True
    if "(" in text and _ESTIMATOR.search(text):
        return True
    if any(word in lower for word in _CALLS_WORDS) and _CALLS.search(lower):
        return True
    if any(word in lower for word in _MODEL_WORDS) and _MODEL.search(lower):
        return True
    if "X" in text and _X_BINDING.search(text):
        return True
    if (
        "feat" in lower or "input" in lower or "design_matrix" in lower or "x_" in lower
    ) and _FEATURE_NAMES.search(text):
        return True
    return "__getitem__" in text and _DATASET.search(text) is not None  # a Dataset's items


def may_contain_flows(text: str, config: Config) -> bool:
    configured = _configured(tuple(config.labels), tuple(config.truth_sources))
    if configured is not None and configured.search(text):
        return True
    lower = text.lower()
    if _has_sink(text, lower):
        return True
    if not _imports_project_code(text):
        return False
    return (
        "label" in lower
        or "target" in lower
        or "truth" in lower
        or _LABEL_NAME.search(text) is not None
    )
