from pathlib import Path

import numpy as np

from export import save_features


def compute_features(reads):
    return np.array([[r.mapq, r.length] for r in reads])


def main(reads, out_dir):
    target = Path(out_dir) / "features.npy"
    features = compute_features(reads)
    save_features(features, target)
