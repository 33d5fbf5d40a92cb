import numpy as np
import pandas as pd
from sklearn.svm import SVC

df = pd.read_csv("iris.csv")
y = df["species"].astype("category").cat.codes.to_numpy()
X = df[["sepal_length", "sepal_width"]].to_numpy()
clf = SVC().fit(X, y)
x, y = np.meshgrid(np.linspace(4, 8, 100), np.linspace(2, 4.5, 100))
grid = np.c_[x.ravel(), y.ravel()]
Z = clf.predict(grid).reshape(x.shape)
