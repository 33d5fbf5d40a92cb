"""Features and diagnoses kept in two files and merged by sample id: the merged frame holds the
diagnosis column, and only the id is dropped before the fit."""

import pandas as pd
from sklearn.ensemble import RandomForestClassifier

expression = pd.read_csv("expression.csv")
diagnoses = pd.read_csv("diagnoses.csv")
cohort = expression.merge(diagnoses, on="sample_id")
y = cohort["diagnosis"]
X = cohort.drop(columns=["sample_id"])
RandomForestClassifier(n_estimators=300).fit(X, y)
