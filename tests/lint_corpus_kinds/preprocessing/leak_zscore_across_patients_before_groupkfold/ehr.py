import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

visits = pd.read_csv("visits.csv")
labs = ["creatinine", "lactate", "wbc"]
visits[labs] = (visits[labs] - visits[labs].mean()) / visits[labs].std()
aucs = []
for tr, te in GroupKFold(n_splits=5).split(visits, groups=visits["patient_id"]):
    fold_train, fold_test = visits.iloc[tr], visits.iloc[te]
    lr = LogisticRegression().fit(fold_train[labs], fold_train["sepsis"])
    aucs.append(roc_auc_score(fold_test["sepsis"], lr.predict_proba(fold_test[labs])[:, 1]))
print(np.mean(aucs))
