import logging

log = logging.getLogger(__name__)


def extract_features(read_group, label=None):
    if label is not None:
        log.debug("extracting features for a %s example", label)
    return [read_group.mean_mapq, read_group.mean_bq, read_group.dup_rate]
