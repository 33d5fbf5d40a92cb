from sklearn.model_selection import StratifiedGroupKFold


def patient_folds(y, groups, n_splits=5, seed=0):
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(splitter.split(groups, y, groups))
