import numpy as np
from sklearn.model_selection import cross_validate

from model import make_model

X = np.load("expression.npy")
y = np.load("subtype.npy")
result = cross_validate(make_model(k=100), X, y, cv=10, scoring=["accuracy", "f1_macro"])
print(result["test_accuracy"].mean(), result["test_f1_macro"].mean())
