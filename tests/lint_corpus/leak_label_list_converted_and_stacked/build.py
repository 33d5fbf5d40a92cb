"""Labels collected in a list and converted with np.array are observed labels, not a fresh
array: stacking them onto the features leaks them."""

import json

import numpy as np
from sklearn.svm import SVC

records = [json.loads(line) for line in open("variants.jsonl")]
features = np.array([[r["depth"], r["qual"], r["vaf"]] for r in records])
labels = []
for record in records:
    labels.append(1 if record["truth"] == "TP" else 0)
y = np.array(labels)
X = np.hstack([features, y.reshape(-1, 1)])
SVC().fit(X, y)
