from sklearn.preprocessing import StandardScaler


def fit_scaler(train_frame, columns):
    return StandardScaler().fit(train_frame[columns])
