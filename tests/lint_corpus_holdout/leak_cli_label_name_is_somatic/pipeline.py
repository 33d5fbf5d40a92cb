import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from features import site_features


def train(sites, calls):
    rows, status = [], []
    for site in sites:
        is_somatic = calls.get(site.key) == "SOMATIC"
        rows.append(site_features(site, is_somatic))
        status.append(is_somatic)
    return HistGradientBoostingClassifier().fit(np.array(rows), np.array(status))
