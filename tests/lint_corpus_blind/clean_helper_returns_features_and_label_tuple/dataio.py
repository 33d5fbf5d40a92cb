import pandas as pd

LABEL = "malignant"


def load_xy(path):
    df = pd.read_csv(path)
    y = df[LABEL].astype(int)
    X = df.drop(columns=[LABEL, "sample_id"])
    return X, y


def load_with_ids(path):
    X, y = load_xy(path)
    return X, y, pd.read_csv(path)["sample_id"]
