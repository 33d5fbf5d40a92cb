from xgboost import XGBClassifier

from weights import imbalance_ratio


def fit(X_train, y_train, X_valid, y_valid):
    model = XGBClassifier(n_estimators=400, scale_pos_weight=imbalance_ratio(y_train), eval_metric="aucpr")
    model.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], verbose=False)
    return model
