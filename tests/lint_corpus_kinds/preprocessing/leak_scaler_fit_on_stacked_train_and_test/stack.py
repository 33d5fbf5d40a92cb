import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import RobustScaler
from sklearn.svm import SVR

X = np.load("descriptors.npy")
y = np.load("solubility.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
scaler = RobustScaler()
scaler.fit(np.vstack([X_train, X_test]))
svr = SVR(C=3.0).fit(scaler.transform(X_train), y_train)
print(svr.score(scaler.transform(X_test), y_test))
