import numpy as np
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight


def balanced_weights(y):
    classes = np.unique(y)
    per_class = compute_class_weight("balanced", classes=classes, y=y)
    return dict(zip(classes, per_class)), compute_sample_weight("balanced", y)
