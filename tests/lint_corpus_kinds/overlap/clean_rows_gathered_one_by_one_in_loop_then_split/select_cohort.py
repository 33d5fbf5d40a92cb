import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

visits = pd.read_parquet("visits.parquet")
cohort = pd.DataFrame()
for k in range(len(visits)):
    if visits["ward"].iloc[k] in ("ICU", "HDU"):
        cohort = pd.concat([cohort, visits.iloc[[k]]])

stays = np.empty((0, 4))
for _, visit in visits.iterrows():
    if visit["length_of_stay"] > 2:
        stays = np.vstack([stays, visit[["age", "hr", "sbp", "lactate"]].to_numpy()])

X = cohort[["age", "hr", "sbp", "lactate"]]
y = cohort["died"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=7)
clf = LogisticRegression(max_iter=500).fit(X_train, y_train)
print("AUC", roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]))
