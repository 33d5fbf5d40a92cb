import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from summary import summarise


def fit_mortality(stays):
    table = pd.DataFrame(summarise(stays))
    died = table["died_in_icu"].astype(int)
    forest = RandomForestClassifier(n_estimators=300, min_samples_leaf=5)
    forest.fit(table.drop(columns=["mean_hr"]), died)
    return forest
