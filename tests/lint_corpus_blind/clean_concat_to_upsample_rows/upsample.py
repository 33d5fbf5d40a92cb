import pandas as pd
from sklearn.utils import resample


def upsample_minority(X_train, y_train, label="is_fraud"):
    train = pd.concat([X_train, y_train], axis=1)
    majority = train[train[label] == 0]
    minority = train[train[label] == 1]
    minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=3)
    balanced = pd.concat([majority, minority_up])
    return balanced.drop(columns=[label]), balanced[label]
