from sklearn.ensemble import HistGradientBoostingClassifier

from .columns import feature_columns
from .settings import TARGET


def fit(frame):
    features = feature_columns(frame)
    X = frame[features]
    y = frame[TARGET]
    return HistGradientBoostingClassifier().fit(X, y)
