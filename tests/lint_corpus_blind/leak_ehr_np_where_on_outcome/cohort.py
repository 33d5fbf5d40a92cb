import numpy as np
import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier

adm = pd.read_csv("admissions.csv")
adm["long_stay_if_died"] = np.where(adm["hospital_expire_flag"] == 1, adm["los_days"], 0.0)
feature_cols = ["age", "charlson", "long_stay_if_died", "n_prior_admissions"]
X = adm[feature_cols]
y = adm["hospital_expire_flag"]
ExtraTreesClassifier(n_estimators=300).fit(X, y)
