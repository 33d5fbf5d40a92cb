# A deliberate experiment: a growing share of an external cohort joins training and the rest
# of it is scored. After the `if`, cohort_X_test holds either the whole cohort (share 0, nothing
# of it trained on) or the test side of the split: never both with the part trained on.
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

train = pd.read_csv("train.csv")
X = train.drop(columns=["call"]).values
Y = train["call"].values
cohort = pd.read_csv("cohort.csv")
cohort_X = cohort.drop(columns=["call"]).values
cohort_Y = cohort["call"].values

for share in np.arange(0, 0.8, 0.05):
    if share == 0:
        cohort_X_test = cohort_X
        cohort_Y_test = cohort_Y
        X_train = X
        Y_train = Y
    else:
        cohort_X_train, cohort_X_test, cohort_Y_train, cohort_Y_test = train_test_split(
            cohort_X, cohort_Y, train_size=share, random_state=0
        )
        X_train = np.concatenate((X, cohort_X_train))
        Y_train = np.concatenate((Y, cohort_Y_train))
    forest = RandomForestClassifier().fit(X_train, Y_train)
    probs = forest.predict_proba(cohort_X_test)
    print(share, roc_auc_score(cohort_Y_test, probs[:, 1]))
