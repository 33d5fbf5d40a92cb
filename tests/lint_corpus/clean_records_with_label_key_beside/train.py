import pandas as pd
from sklearn.linear_model import LogisticRegression

from records import to_records


def train(samples):
    df = pd.DataFrame(to_records(samples))
    X = df.drop(columns=["label"])
    return LogisticRegression().fit(X, df["label"])
