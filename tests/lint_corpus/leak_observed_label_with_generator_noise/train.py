import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
table = pd.read_csv("patients.csv")
outcome = table["readmitted"].to_numpy()
jitter = rng.normal(size=(len(table), 1))
inputs = np.hstack([table[["age", "stay_days"]].to_numpy(), jitter + outcome[:, None]])
LogisticRegression().fit(inputs, outcome)
