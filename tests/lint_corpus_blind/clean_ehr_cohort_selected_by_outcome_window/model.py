import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from cohort import build_cohort

table = build_cohort(pd.read_parquet("admissions.parquet"), pd.read_parquet("labevents.parquet"))
y = table.pop("label").astype(int)
HistGradientBoostingClassifier().fit(table, y)
