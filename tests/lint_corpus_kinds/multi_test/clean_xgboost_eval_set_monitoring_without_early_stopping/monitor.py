import numpy as np
from sklearn.model_selection import train_test_split
from xgboost import XGBRegressor

X = np.load("X.npy")
y = np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
reg = XGBRegressor(n_estimators=400)
reg.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)], verbose=100)
history = reg.evals_result()
print("final test RMSE", history["validation_1"]["rmse"][-1])
