import pandas as pd
from sklearn.utils import resample


def downsample(df: pd.DataFrame, per_class: int, seed: int = 0) -> pd.DataFrame:
    return df.groupby("label").sample(n=per_class, random_state=seed)


def bootstrap(X, y, seed=0):
    return resample(X, y, stratify=y, random_state=seed)
