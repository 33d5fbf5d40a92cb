import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score

from normalise import depth_ratio

train = pd.read_csv("HG001_sites.csv")
test = pd.read_csv("HG002_sites.csv")
median = train["depth"].median()
train = depth_ratio(train, median)
test = depth_ratio(test, median)
model = HistGradientBoostingClassifier().fit(train[["depth_ratio", "alt_freq"]], train["truth"])
print(f1_score(test["truth"], model.predict(test[["depth_ratio", "alt_freq"]])))
