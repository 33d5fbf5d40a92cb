import pandas as pd

FRAME = pd.read_csv("machines.csv")
FAILED = FRAME["failed"].to_numpy()


class Featurizer:
    def row(self, i):
        return [FRAME["temp"].iat[i], FRAME["rpm"].iat[i], FAILED[: i + 1].sum()]
