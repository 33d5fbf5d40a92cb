import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB

from sampling import oversample

X, y = np.load("X.npy"), np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
X_train, y_train = oversample(X_train, y_train)
nb = GaussianNB().fit(X_train, y_train)
print(f1_score(y_test, nb.predict(X_test)))
