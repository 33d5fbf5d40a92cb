import numpy as np
from tensorflow import keras


def train(x_train, y_train):
    model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    augmented = np.concatenate([x_train, y_train.reshape(-1, 1)], axis=1)
    model.fit(augmented, y_train, epochs=5, batch_size=32)
    return model
