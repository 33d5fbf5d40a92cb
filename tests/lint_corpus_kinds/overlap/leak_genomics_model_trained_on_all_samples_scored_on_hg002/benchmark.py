import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score

FEATURES = ["depth", "alt_freq", "map_q", "gq"]
calls = pd.read_csv("giab_calls.tsv", sep="\t")
model = RandomForestClassifier(n_estimators=200)
model.fit(calls[FEATURES], calls["truth"])
hg002 = calls[calls["sample"] == "HG002"]
print("HG002 F1", f1_score(hg002["truth"], model.predict(hg002[FEATURES])))
