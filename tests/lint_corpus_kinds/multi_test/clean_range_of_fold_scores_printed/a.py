# Cross-validation fold scores summarised: the range is a description, not a choice.
import numpy as np
import pandas as pd
from sklearn.model_selection import KFold
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

df = pd.read_csv("d.csv")
X = df[["a", "b", "c"]].values
y = df["t"].values
aucs = []
for train_idx, test_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(X):
    model = LogisticRegression().fit(X[train_idx], y[train_idx])
    aucs.append(roc_auc_score(y[test_idx], model.predict_proba(X[test_idx])[:, 1]))
print("AUC %.3f +/- %.3f" % (np.mean(aucs), np.std(aucs)))
print("folds from", min(aucs), "to", max(aucs))
