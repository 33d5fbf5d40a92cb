import lightgbm as lgb


def fit(X_train, y_train, X_valid, y_valid):
    model = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.03)
    model.fit(
        X_train,
        y_train,
        eval_set=[(X_valid, y_valid)],
        callbacks=[lgb.early_stopping(100), lgb.log_evaluation(200)],
    )
    return model
