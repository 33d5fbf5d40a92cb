import pandas as pd

LABEL = "readmitted_30d"


def split_frame(df: pd.DataFrame):
    y = df[LABEL]
    X = df.drop(columns=[LABEL, "patient_id"])
    return X, y
