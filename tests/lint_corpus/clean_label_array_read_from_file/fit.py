"""Features and labels saved as two arrays and loaded apart; a placeholder array of zeros is
stacked onto the features (a bias column), never the labels."""

import numpy as np
from sklearn.linear_model import LogisticRegression

X = np.load("features.npy")
y = np.load("labels.npy")
bias = np.ones(len(X))
X = np.column_stack([X, bias])
LogisticRegression(max_iter=500).fit(X, y)
