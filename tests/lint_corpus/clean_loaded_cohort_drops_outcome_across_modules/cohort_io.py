import pandas as pd


def load_patients(csv_path):
    table = pd.read_csv(csv_path, parse_dates=["admitted_at"])
    table["lactate_log"] = table["lactate"].clip(lower=0.1).pipe(lambda s: s.apply(float))
    return table.set_index("mrn")
