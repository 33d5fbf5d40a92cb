import numpy as np
import xgboost as xgb


def train_booster(X, y, rounds=50):
    dtrain = xgb.DMatrix(np.hstack([X, y.reshape(-1, 1)]), label=y)
    return xgb.train({"objective": "binary:logistic"}, dtrain, rounds)
