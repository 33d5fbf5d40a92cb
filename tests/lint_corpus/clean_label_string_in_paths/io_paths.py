from pathlib import Path

import pandas as pd


def load_cohort(root, label="tumor"):
    path = Path(root) / f"{label}_counts.csv"
    return pd.read_csv(path)
