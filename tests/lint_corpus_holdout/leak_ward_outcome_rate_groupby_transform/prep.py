import pandas as pd


def load_admissions(path):
    frame = pd.read_parquet(path)
    frame["los_days"] = (frame["discharged_at"] - frame["admitted_at"]).dt.days
    frame["ward_readmit_rate"] = frame.groupby("ward")["readmitted"].transform("mean")
    return frame
