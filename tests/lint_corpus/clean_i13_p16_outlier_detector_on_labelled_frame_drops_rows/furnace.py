"""An outlier detector scores every row of the frame, the final temperature included; the rows
it flags are dropped, and the regressor is then trained without the temperature among its
inputs."""
import pandas as pd
from pyod.models.iforest import IForest
from sklearn.linear_model import Ridge

heats = pd.read_csv("heats.csv")
final = heats["final_temperature"]
readings = heats[["power", "gas", "wire", "duration"]]
table = pd.concat([readings, final], axis=1)
detector = IForest(contamination=0.02)
detector.fit(table)
table["outlier"] = detector.predict(table) == 1
kept = table[~table["outlier"]].drop(columns=["outlier"])
inputs = kept.drop(columns=["final_temperature"])
Ridge().fit(inputs, kept["final_temperature"])
