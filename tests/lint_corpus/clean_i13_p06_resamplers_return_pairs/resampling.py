from imblearn.over_sampling import ADASYN
from imblearn.under_sampling import RandomUnderSampler
from sklearn.ensemble import RandomForestClassifier
from sklearn.utils import resample


def fit_variants(X_train, y_train):
    X_ad, y_ad = ADASYN().fit_resample(X_train, y_train)
    X_rus, y_rus = RandomUnderSampler().fit_sample(X_train, y_train)
    X_bs, y_bs = resample(X_train, y_train, stratify=y_train, random_state=0)
    return [
        RandomForestClassifier().fit(X_ad, y_ad),
        RandomForestClassifier().fit(X_rus, y_rus),
        RandomForestClassifier().fit(X_bs, y_bs),
    ]
