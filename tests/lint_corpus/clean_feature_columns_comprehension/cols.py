import pandas as pd
from sklearn.ensemble import RandomForestClassifier


def fit(df: pd.DataFrame):
    features = [c for c in df.columns if c not in ("label", "sample_id")]
    X = df[features]
    forest = RandomForestClassifier().fit(X, df["label"])
    return forest, features
