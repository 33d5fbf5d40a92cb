import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from flags import positive_flags


def fit_knn(vitals, targets):
    flags = positive_flags(targets)
    features = np.column_stack((vitals, flags))
    knn = KNeighborsClassifier(n_neighbors=7)
    knn.fit(features, targets)
    return knn
