# A training score: the model is fitted and scored on the same rows; `.loc[:, mask]` chooses
# columns (the selector's support), not rows, even though the frame went through a row mask.
import numpy as np
import pandas as pd
from sklearn.feature_selection import VarianceThreshold
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score

labelled = pd.read_csv("train.csv")
labelled["IsAlone"] = 0
labelled["IsAlone"].loc[labelled["FamilySize"] == 1] = 1
features = labelled.drop(columns=["Survived"])
target = labelled.Survived
rf = RandomForestClassifier()
scores = []
for t in np.arange(1, 10, 0.5) * 0.1:
    selector = VarianceThreshold(threshold=t)
    selected = selector.fit_transform(features)
    rf.fit(selected, target)
    y_pred = rf.predict(features.loc[:, selector.get_support()])
    scores.append(accuracy_score(target, y_pred))
print(max(scores))
