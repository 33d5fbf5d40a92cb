"""Car positions: a plane is fitted to predict the height `y` from `x` and `z`, then each
detected point is moved onto it. The refined point's axes are returned together; `x_new` is a
coordinate, not a feature matrix handed to a model."""

import pandas as pd
from scipy.optimize import minimize
from sklearn.linear_model import LinearRegression

points = pd.read_csv("train_points.csv")
ground = LinearRegression().fit(points[["x", "z"]], points["y"])


def refine(x0, y0, z0):
    def error(xyz):
        x, y, z = xyz
        return (ground.predict([[x, z]])[0] - y) ** 2 + (x - x0) ** 2 + (z - z0) ** 2

    result = minimize(error, [x0, y0, z0], method="Powell")
    x_new, y_new, z_new = result.x
    return x_new, y_new, z_new


detections = pd.read_csv("detections.csv")
refined = [refine(row["x"], row["y"], row["z"]) for _, row in detections.iterrows()]
