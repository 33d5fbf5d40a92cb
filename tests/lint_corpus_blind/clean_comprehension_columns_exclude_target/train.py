import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from config import IGNORE, TARGET

runs = pd.read_csv("process_runs.csv")
feature_cols = [c for c in runs.columns if c != TARGET and c not in IGNORE]
other = runs.columns.difference([TARGET, *IGNORE])
assert set(other) == set(feature_cols)
RandomForestClassifier().fit(runs[feature_cols], runs[TARGET])
