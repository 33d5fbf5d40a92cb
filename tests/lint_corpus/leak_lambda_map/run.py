import numpy as np
from sklearn.ensemble import RandomForestClassifier

from prep import to_rows


def main(records):
    X_train = np.array(to_rows(records))
    y_train = np.array([r.tumor_label for r in records])
    return RandomForestClassifier(n_estimators=200).fit(X_train, y_train)
