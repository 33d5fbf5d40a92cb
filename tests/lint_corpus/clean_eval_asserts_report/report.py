from sklearn.metrics import confusion_matrix


def assert_no_collapse(model, X_val, y_val):
    preds = model.predict(X_val)
    tn, fp, fn, tp = confusion_matrix(y_val, preds).ravel()
    assert tp + fp > 0, "model predicts no positives"
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)}
