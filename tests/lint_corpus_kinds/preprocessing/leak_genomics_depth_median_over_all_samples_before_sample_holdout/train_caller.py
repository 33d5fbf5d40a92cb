import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import precision_score, recall_score

from normalise import depth_normalise

FEATURES = ["depth_ratio", "alt_freq", "map_q"]
sites = pd.concat([pd.read_csv(f"{s}_sites.csv").assign(sample=s) for s in ("HG001", "HG002")])
sites = depth_normalise(sites)
train = sites[sites["sample"] == "HG001"]
test = sites[sites["sample"] == "HG002"]
hgb = HistGradientBoostingClassifier().fit(train[FEATURES], train["truth"])
calls = hgb.predict(test[FEATURES])
print(precision_score(test["truth"], calls), recall_score(test["truth"], calls))
