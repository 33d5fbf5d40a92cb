from sklearn.ensemble import ExtraTreesClassifier

from .assemble import assemble


def fit_rhythm_model(rr, qrs, y_train):
    X_train = assemble(rr_intervals=rr, qrs_width=qrs, rhythm_label=y_train)
    return ExtraTreesClassifier(n_estimators=300).fit(X_train, y_train)
