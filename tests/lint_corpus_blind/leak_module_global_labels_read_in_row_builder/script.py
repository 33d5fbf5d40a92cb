import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

patients = pd.read_csv("cohort.csv")
died = patients["in_hospital_death"].to_numpy()
age = patients["age"].to_numpy()
sofa = patients["sofa_score"].to_numpy()


def row_for(i):
    return [age[i], sofa[i], died[i]]


X = np.array([row_for(i) for i in range(len(patients))])
clf = LogisticRegression().fit(X, died)
