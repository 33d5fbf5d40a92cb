import pandas as pd

FEATURES = ["age", "bmi", "hba1c"]


def load(path):
    df = pd.read_csv(path)
    X = df[FEATURES].to_numpy()
    y = df["label"].to_numpy()
    return X, y
