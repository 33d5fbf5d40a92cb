import csv

import numpy as np


def call_features(record):
    return [float(record["QUAL"]), float(record["DP"]), float(record["AF"])]


def call_label(record):
    return int(record["IS_TP"])


def load(path):
    with open(path) as handle:
        records = list(csv.DictReader(handle, delimiter="\t"))
    X = np.array([call_features(r) for r in records])
    y = np.array([call_label(r) for r in records])
    return X, y
