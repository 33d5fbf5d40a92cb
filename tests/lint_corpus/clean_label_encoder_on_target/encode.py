import pandas as pd
from sklearn.preprocessing import LabelEncoder, StandardScaler


def prepare(df: pd.DataFrame):
    encoder = LabelEncoder()
    y = encoder.fit_transform(df["diagnosis"])
    scaler = StandardScaler()
    X = scaler.fit_transform(df[["radius", "texture", "smoothness"]])
    return X, y, encoder
