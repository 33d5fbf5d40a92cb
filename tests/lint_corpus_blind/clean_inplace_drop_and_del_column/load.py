import pandas as pd


def split_xy(path):
    df = pd.read_csv(path)
    y = df["outcome"].copy()
    df.drop("outcome", axis=1, inplace=True)
    return df, y


def split_xy_del(path):
    df = pd.read_csv(path)
    y = df.pop("outcome") if "outcome" in df else None
    return df, y


def split_xy_legacy(path):
    frame = pd.read_csv(path)
    labels = frame["outcome"].to_numpy()
    del frame["outcome"]
    return frame, labels
