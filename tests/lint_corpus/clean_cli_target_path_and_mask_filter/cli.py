import argparse

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="model.npy")
    args = parser.parse_args(argv)
    df = pd.read_csv("cohort.csv")
    df = df[df["label"].notna()]
    df = df.dropna(subset=["label"])
    model = LogisticRegression().fit(df[["age", "bmi"]], df["label"])
    np.save(args.target, model.coef_)
    target = args.target
    with open(target, "w") as fh:
        fh.write(str(model.intercept_))
