import logging

import numpy as np

log = logging.getLogger(__name__)


def check_labels(y, name="train"):
    y = np.asarray(y)
    assert set(np.unique(y)) <= {0, 1}, f"{name}: labels must be binary"
    log.info("%s: %d rows, prevalence %.3f", name, len(y), y.mean())
    if y.mean() < 0.01:
        log.warning("%s: very rare positive class", name)
    return {"n": int(len(y)), "prevalence": float(y.mean())}
