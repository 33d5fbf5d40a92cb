import numpy as np
from sklearn.linear_model import LogisticRegression

from clinic.vectors import patient_vector


def fit(patients, mortality):
    X = np.vstack([patient_vector(p) for p in patients])
    return LogisticRegression(max_iter=1000).fit(X, mortality)
