"""A robot's orientation quaternion (x, y, z, w) becomes Euler angles; `y` is an axis here,
in the unpacked columns and in the converter's parameters. The surface type is the label."""

import math

import pandas as pd
from sklearn.ensemble import RandomForestClassifier


def quaternion_to_euler(x, y, z, w):
    roll = math.atan2(2.0 * (w * x + y * z), 1.0 - 2.0 * (x * x + y * y))
    pitch = math.asin(max(-1.0, min(1.0, 2.0 * (w * y - z * x))))
    yaw = math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))
    return roll, pitch, yaw


def add_angles(df):
    x, y, z, w = (
        df["orientation_X"].tolist(),
        df["orientation_Y"].tolist(),
        df["orientation_Z"].tolist(),
        df["orientation_W"].tolist(),
    )
    angles = [quaternion_to_euler(x[i], y[i], z[i], w[i]) for i in range(len(x))]
    df["roll"] = [a[0] for a in angles]
    df["pitch"] = [a[1] for a in angles]
    df["yaw"] = [a[2] for a in angles]
    return df


sensors = add_angles(pd.read_csv("X_train.csv"))
surfaces = pd.read_csv("y_train.csv")
features = sensors.groupby("series_id")[["roll", "pitch", "yaw"]].mean()
RandomForestClassifier(n_estimators=200).fit(features, surfaces["surface"])
