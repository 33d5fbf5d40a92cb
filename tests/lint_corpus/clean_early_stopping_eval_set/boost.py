import lightgbm as lgb


def fit_with_validation(X_train, y_train, X_val, y_val):
    model = lgb.LGBMClassifier(n_estimators=2000)
    model.fit(X_train, y_train, eval_set=[(X_val, y_val)], callbacks=[lgb.early_stopping(50)])
    return model
