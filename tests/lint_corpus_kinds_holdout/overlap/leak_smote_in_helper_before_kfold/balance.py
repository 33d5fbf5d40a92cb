from imblearn.over_sampling import SMOTE


def balanced(frame, label):
    X_res, y_res = SMOTE(k_neighbors=3).fit_resample(frame.drop(columns=label), frame[label])
    return X_res, y_res
