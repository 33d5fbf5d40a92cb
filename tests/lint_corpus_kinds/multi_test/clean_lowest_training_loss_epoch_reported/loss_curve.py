import numpy as np
from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

X = np.load("X.npy")
y = np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
sgd = SGDRegressor(learning_rate="constant", eta0=1e-3)
train_losses = []
for epoch in range(100):
    sgd.partial_fit(X_train, y_train)
    train_losses.append(mean_squared_error(y_train, sgd.predict(X_train)))
print("lowest training loss", min(train_losses), "at epoch", int(np.argmin(train_losses)))
print("test MSE", mean_squared_error(y_test, sgd.predict(X_test)))
