import polars as pl
from sklearn.ensemble import HistGradientBoostingClassifier


def train(path):
    cohort = pl.read_csv(path)
    raw = cohort["readmitted"]
    target = pl.Series(raw)
    # the outcome column is still in `cohort`
    model = HistGradientBoostingClassifier().fit(cohort.to_pandas(), target.to_numpy())
    return model
