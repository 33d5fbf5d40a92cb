"""Features and labels saved as two arrays; the labels are loaded from their own file and
stacked onto the features as one more column before the fit."""

import numpy as np
from sklearn.ensemble import RandomForestClassifier

X = np.load("features.npy")
y = np.load("labels.npy")
X = np.column_stack([X, y])
RandomForestClassifier(n_estimators=200).fit(X, y)
