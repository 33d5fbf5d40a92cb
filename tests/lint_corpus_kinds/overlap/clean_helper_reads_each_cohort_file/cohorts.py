# One helper reads each cohort's file: two calls with two file names are two sets of rows, so
# the breast cohort is unseen although the model was retrained on part of the lung cohort.
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

train = pd.read_csv("train.csv")
X = train.drop(columns=["call"]).values
Y = train["call"].values
model = RandomForestClassifier().fit(X, Y)


def cohort(path):
    frame = pd.read_pickle(path)
    return frame.drop(columns=["call"]).values, frame["call"].values


def retrain_with_part(model, cohort_X, cohort_Y):
    part_X, test_X, part_Y, test_Y = train_test_split(cohort_X, cohort_Y, train_size=0.3)
    model.fit(np.concatenate((X, part_X)), np.concatenate((Y, part_Y)))
    return roc_auc_score(test_Y, model.predict_proba(test_X)[:, 1])


lung_X, lung_Y = cohort("lung.pkl")
print(roc_auc_score(lung_Y, model.predict_proba(lung_X)[:, 1]))
print(retrain_with_part(model, lung_X, lung_Y))
breast_X, breast_Y = cohort("breast.pkl")
print(roc_auc_score(breast_Y, model.predict_proba(breast_X)[:, 1]))
