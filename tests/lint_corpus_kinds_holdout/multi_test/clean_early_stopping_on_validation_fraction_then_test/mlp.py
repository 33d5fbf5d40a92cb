from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

X, y = load_digits(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
mlp = MLPClassifier(early_stopping=True, validation_fraction=0.1, max_iter=500)
mlp.fit(X_tr, y_tr)
print("test accuracy", mlp.score(X_te, y_te))
