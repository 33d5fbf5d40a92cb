"""A hand-written baseline: the mean churn per plan, learnt from the training rows. The frame
it is given still holds the churn column, but the model only reads the plan column by name."""
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split


class PlanMeanModel:
    def __init__(self, column):
        self.column = column

    def fit(self, frame, churned):
        self.overall = churned.mean()
        self.rates = churned.groupby(frame[self.column]).mean()
        return self

    def predict(self, frame):
        scores = np.full(len(frame), self.overall)
        known = frame[self.column].map(self.rates)
        return known.fillna(self.overall).to_numpy() if len(known) else scores


customers = pd.read_csv("customers.csv")
fit_part, check_part = train_test_split(customers, test_size=0.3, random_state=3)
baseline = PlanMeanModel("plan").fit(fit_part, fit_part["churned"])
print(roc_auc_score(check_part["churned"], baseline.predict(check_part)))
