import numpy as np
from sklearn.ensemble import RandomForestClassifier

from features import FAILED, Featurizer

fz = Featurizer()
X = np.array([fz.row(i) for i in range(len(FAILED))])
RandomForestClassifier().fit(X, FAILED)
