from sklearn.feature_selection import SelectKBest, mutual_info_classif
from sklearn.impute import KNNImputer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC


def make_model(k=50):
    return Pipeline([
        ("impute", KNNImputer()),
        ("select", SelectKBest(mutual_info_classif, k=k)),
        ("svm", LinearSVC()),
    ])
