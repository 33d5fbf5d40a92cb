from thresholds import threshold_at_fpr


def alerting_rule(model, X_val, y_val, X_new):
    val_scores = model.predict_proba(X_val)[:, 1]
    cut = threshold_at_fpr(val_scores, y_val)
    new_scores = model.predict_proba(X_new)[:, 1]
    return new_scores >= cut
