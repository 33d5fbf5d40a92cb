import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

images = np.load("patches.npy")
labels = np.load("patch_labels.npy")
img_train, img_test, lab_train, lab_test = train_test_split(images, labels, test_size=0.2)
img_train = np.concatenate([img_train, img_train[:, :, ::-1]])
lab_train = np.concatenate([lab_train, lab_train])
mlp = MLPClassifier().fit(img_train.reshape(len(img_train), -1), lab_train)
print(mlp.score(img_test.reshape(len(img_test), -1), lab_test))
