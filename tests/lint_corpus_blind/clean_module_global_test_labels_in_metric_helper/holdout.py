import numpy as np

Y_HOLDOUT = np.load("holdout_labels.npy")
X_HOLDOUT = np.load("holdout_features.npy")
