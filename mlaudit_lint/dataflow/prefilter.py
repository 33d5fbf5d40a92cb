"""A textual pre-check that lets the engine skip parsing files that cannot matter.

It must be sound for the analysis: it answers False only when the text mentions none of the
words a label source, a sink or a configured truth source needs. Every source the analysis knows
is a name, attribute or string key matching `names.LABEL_NAME_RE`, a configured label or truth
source, or a name inferred from use as a label, and inference only happens at a sink (fit, a
loss, TensorDataset, ...), so a file with no sink word and no label word has nothing to report
and nothing to infer; the files it would taint through are reached by the engine's import
following.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..ftypes import Config

_SINK_WORDS = (
    r"\w*fit\w*|\w*predict\w*|score|score_samples|\w*transform|cross_val\w*|cross_validate"
    r"|learning_curve|validation_curve|permutation_test_score|decision_function|\w*on_batch"
    r"|GridSearchCV|RandomizedSearchCV|TensorDataset|\w*DMatrix|Pool|Dataset|feats?|\w+_feats?"
    r"|inputs|model_inputs?|x_\w+|design_matrix|clf|\w+_clf|estimator|forward|__getitem__"
    r"|net|network|mlp|cnn|rnn|lstm|gru|transformer|backbone|encoder"
)
# `X` is a sink only where something is stored in it (`X = ...`, `X_train, ... =`, `X[i] =`,
# `X.append(...)`); a bare `X` in a docstring or a hex literal is not.
_X_BINDING = r"\bX\w*\s*(?:[,=\[)]|\.(?:append|extend|update|insert|add)\b)"
_LABEL_WORDS = (
    r"y|Y|y_\w+|Y_\w+|\w*labels?|\w*targets?|\w*truth|truth_\w+|ground_truth"
)


@lru_cache(maxsize=64)
def _pattern(labels: tuple[str, ...], truth_sources: tuple[str, ...]) -> re.Pattern:
    extra = [re.escape(name) for name in labels]
    extra += [re.escape(name.rsplit(".", 1)[-1]) for name in truth_sources]
    words = "|".join([_SINK_WORDS, _LABEL_WORDS, *extra])
    # Identifiers are matched whole, but `featur`, `model`, `label`... also inside longer names.
    return re.compile(rf"(?:\b(?:{words})\b)|{_X_BINDING}|(?i:featur|model|label|target|truth|_net\b|Net\b|loss|criterion|classifier|regressor|cnn\b)")


def may_contain_flows(text: str, config: Config) -> bool:
    return _pattern(tuple(config.labels), tuple(config.truth_sources)).search(text) is not None
