import numpy as np
from sklearn.ensemble import RandomForestClassifier

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
    return RandomForestClassifier(n_estimators=300).fit(X, y)
