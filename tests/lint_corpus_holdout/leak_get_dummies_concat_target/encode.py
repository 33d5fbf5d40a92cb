import pandas as pd


def one_hot(frame, columns):
    dummies = pd.get_dummies(frame[columns].astype(str))
    return pd.concat([frame.drop(columns=columns), dummies], axis=1)
