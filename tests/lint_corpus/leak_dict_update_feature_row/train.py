import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from rows import make_row


def fit(samples):
    table = pd.DataFrame([make_row(s, s.diagnosis_label) for s in samples])
    y = [s.diagnosis_label == "sepsis" for s in samples]
    return DecisionTreeClassifier(max_depth=4).fit(table, y)
