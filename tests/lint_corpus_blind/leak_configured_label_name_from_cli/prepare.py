import pandas as pd


def prepare(path):
    trial = pd.read_csv(path)
    trial["baseline_x_response"] = trial["baseline_score"] * trial["responder"]
    return trial
