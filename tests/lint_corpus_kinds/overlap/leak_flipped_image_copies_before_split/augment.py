import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

images = np.load("patches.npy")
labels = np.load("patch_labels.npy")
images = np.concatenate([images, images[:, :, ::-1], images[:, ::-1, :]])
labels = np.concatenate([labels, labels, labels])
X_train, X_test, y_train, y_test = train_test_split(
    images.reshape(len(images), -1), labels, test_size=0.2
)
mlp = MLPClassifier(max_iter=200).fit(X_train, y_train)
print(mlp.score(X_test, y_test))
