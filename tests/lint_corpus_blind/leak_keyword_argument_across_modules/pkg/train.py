import numpy as np
from sklearn.ensemble import IsolationForest, RandomForestClassifier

from .featurize import sensor_vector


def train(readings):
    vectors = [
        sensor_vector(
            temperature=r.temp, vibration=r.vib, pressure=r.press, failed=r.failed
        )
        for r in readings
    ]
    y = np.array([r.failed for r in readings])
    X = np.array(vectors)
    return RandomForestClassifier().fit(X, y), IsolationForest().fit(np.array(vectors)[y == 0])
