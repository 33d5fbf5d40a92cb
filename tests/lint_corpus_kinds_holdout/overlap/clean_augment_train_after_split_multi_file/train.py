import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from augment import with_flips

images, labels = np.load("img.npy"), np.load("lab.npy")
X_tr, X_te, y_tr, y_te = train_test_split(images, labels, random_state=1)
X_tr, y_tr = with_flips(X_tr, y_tr)
knn = KNeighborsClassifier().fit(X_tr.reshape(len(X_tr), -1), y_tr)
print(knn.score(X_te.reshape(len(X_te), -1), y_te))
