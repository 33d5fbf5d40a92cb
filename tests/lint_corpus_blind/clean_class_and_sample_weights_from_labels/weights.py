import numpy as np
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight
from xgboost import XGBClassifier


def fit(X, y):
    classes = np.unique(y)
    cw = compute_class_weight("balanced", classes=classes, y=y)
    sw = compute_sample_weight({c: w for c, w in zip(classes, cw)}, y)
    spw = float((y == 0).sum()) / max(float((y == 1).sum()), 1.0)
    model = XGBClassifier(scale_pos_weight=spw, n_estimators=300)
    model.fit(X, y, sample_weight=sw)
    return model
