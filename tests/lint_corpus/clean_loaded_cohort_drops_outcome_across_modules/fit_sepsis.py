from sklearn.linear_model import LogisticRegression

from cohort_io import load_patients


def fit_sepsis(csv_path):
    cohort = load_patients(csv_path)
    outcome = cohort["sepsis_within_6h"]
    model = LogisticRegression(max_iter=1000)
    model.fit(cohort.drop(columns=["admitted_at", "ward", "sepsis_within_6h"]), outcome)
    return model
