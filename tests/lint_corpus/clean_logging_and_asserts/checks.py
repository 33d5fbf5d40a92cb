import logging

import numpy as np

logger = logging.getLogger(__name__)


def check_labels(labels):
    labels = np.asarray(labels)
    assert set(np.unique(labels)) <= {0, 1}, f"labels must be binary, got {np.unique(labels)}"
    logger.info("prevalence %.3f over %d examples", labels.mean(), len(labels))
    print(f"positives: {int(labels.sum())}")
