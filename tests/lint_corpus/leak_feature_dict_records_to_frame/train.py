import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from records import record


def train(variants, is_pathogenic):
    X = pd.DataFrame([record(v, p) for v, p in zip(variants, is_pathogenic)])
    return RandomForestClassifier().fit(X, is_pathogenic)
