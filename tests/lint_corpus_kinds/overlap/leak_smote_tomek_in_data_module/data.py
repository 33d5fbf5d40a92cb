import pandas as pd
from imblearn.combine import SMOTETomek
from sklearn.model_selection import train_test_split


def load_splits(path):
    frame = pd.read_csv(path)
    X, y = frame.drop(columns="label"), frame["label"]
    X, y = SMOTETomek().fit_resample(X, y)
    return train_test_split(X, y, test_size=0.25, random_state=0)
