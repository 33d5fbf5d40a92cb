import argparse

import pandas as pd
from sklearn.svm import SVR


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="energy.csv")
    return ap.parse_args()


if __name__ == "__main__":
    args = parse()
    data = pd.read_csv(args.csv)
    heating = data["heating_load"]
    data = data.drop(columns=["heating_load", "cooling_load"])
    if data.isna().any().any():
        data = data.fillna(data.median())
    SVR(C=10.0).fit(data, heating)
