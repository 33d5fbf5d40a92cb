import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso
from sklearn.model_selection import cross_val_score, train_test_split

X, y = load_diabetes(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
alphas = [0.01, 0.1, 1.0]
cv_means = [cross_val_score(Lasso(alpha=a), X_train, y_train, cv=5).mean() for a in alphas]
best_alpha = alphas[int(np.argmax(cv_means))]
lasso = Lasso(alpha=best_alpha).fit(X_train, y_train)
print("alpha", best_alpha, "test R2", lasso.score(X_test, y_test))
