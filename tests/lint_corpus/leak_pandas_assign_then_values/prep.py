import pandas as pd


def prepare(df: pd.DataFrame, label_col: str = "responder"):
    df = df.assign(dose_response=df["dose"] * df["responder"])
    return df.drop(columns=["responder"]).values
