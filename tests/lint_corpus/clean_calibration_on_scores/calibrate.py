from sklearn.isotonic import IsotonicRegression


def calibrate(model, X_cal, y_cal):
    y_score = model.decision_function(X_cal)
    iso = IsotonicRegression(out_of_bounds="clip")
    iso.fit(y_score, y_cal)
    return iso
