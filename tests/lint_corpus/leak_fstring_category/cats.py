import pandas as pd


def combo_column(df):
    df["site_combo"] = [f"{g}_{t}" for g, t in zip(df["gene"], df["label"])]
    return df
