from imblearn.datasets import make_imbalance
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import NearMiss
from sklearn.utils import resample


def smote(X, y):
    return SMOTE(random_state=0).fit_resample(X, y)


def near_miss_old_api(X, y):
    return NearMiss(version=2).fit_sample(X, y)


def skew(X, y):
    return make_imbalance(X, y, sampling_strategy={0: 500, 1: 50}, random_state=0)


def bootstrap(X, y):
    return resample(X, y, replace=True, n_samples=len(y), random_state=0)


def oversample(X, y):
    ros = RandomOverSampler()
    X_ros, y_ros = ros.fit_resample(X, y)
    return X_ros, y_ros
