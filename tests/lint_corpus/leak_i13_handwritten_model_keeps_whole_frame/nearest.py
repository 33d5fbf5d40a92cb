"""A hand-written nearest-neighbour model keeps the whole training matrix; the matrix it is
given still holds the churn column."""
import numpy as np
import pandas as pd


class NearestNeighbour:
    def fit(self, rows, answers):
        self.rows = np.asarray(rows, dtype=float)
        self.answers = np.asarray(answers)
        return self

    def predict(self, rows):
        rows = np.asarray(rows, dtype=float)
        gaps = ((rows[:, None, :] - self.rows[None, :, :]) ** 2).sum(axis=2)
        return self.answers[gaps.argmin(axis=1)]


customers = pd.read_csv("customers.csv")
numeric = customers.select_dtypes("number")
model = NearestNeighbour().fit(numeric, customers["churned"])
print(model.predict(numeric[:10]))
