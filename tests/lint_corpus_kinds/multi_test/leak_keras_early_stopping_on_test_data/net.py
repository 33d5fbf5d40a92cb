import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

X = np.load("X.npy")
y = np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
net = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
net.fit(X_train, y_train, epochs=200, validation_data=(X_test, y_test), callbacks=[stop])
loss, acc = net.evaluate(X_test, y_test)
print("test accuracy", acc)
