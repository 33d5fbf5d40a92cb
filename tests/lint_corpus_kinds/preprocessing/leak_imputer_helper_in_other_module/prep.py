from sklearn.impute import SimpleImputer


def impute_numeric(frame, columns):
    imputer = SimpleImputer(strategy="median")
    frame[columns] = imputer.fit_transform(frame[columns])
    return frame
