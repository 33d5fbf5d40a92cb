import pandas as pd

ID_COLUMNS = ["loan_id", "application_date"]


def load_applications(path):
    frame = pd.read_parquet(path)
    frame["income_to_debt"] = frame["annual_income"] / (frame["total_debt"] + 1.0)
    return frame


def without_ids(frame):
    return frame.drop(columns=ID_COLUMNS)
