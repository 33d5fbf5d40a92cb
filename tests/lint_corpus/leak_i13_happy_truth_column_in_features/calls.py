import pandas as pd


def load_calls(path):
    calls = pd.read_csv(path, sep="\t")
    calls["TRUTH"] = (calls["BD"] == "TP").astype(int)
    return calls
