import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVR

X = np.load("spectra.npy")
y = np.load("conc.npy")
noisy = X + np.random.normal(0, 0.01, X.shape)
X_aug = np.vstack([X, noisy])
y_aug = np.concatenate([y, y])
X_tr, X_te, y_tr, y_te = train_test_split(X_aug, y_aug, test_size=0.2)
print(SVR().fit(X_tr, y_tr).score(X_te, y_te))
