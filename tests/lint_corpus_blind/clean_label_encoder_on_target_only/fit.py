import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from encode import encode_target

crops = pd.read_csv("crop_recommendation.csv")
le, y = encode_target(crops["crop"])
X = crops[["N", "P", "K", "temperature", "humidity", "ph", "rainfall"]]
HistGradientBoostingClassifier().fit(X, y)
print(le.classes_)
