import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.preprocessing import StandardScaler

FEATURES = ["depth", "alt_freq", "map_q", "base_q", "strand_bias"]
calls = pd.read_csv("hg001_candidates.tsv", sep="\t")
calls[FEATURES] = StandardScaler().fit_transform(calls[FEATURES])
train = calls[calls["chrom"] != "chr20"]
held_out = calls[calls["chrom"] == "chr20"]
model = RandomForestClassifier(n_estimators=300, n_jobs=4)
model.fit(train[FEATURES], train["is_true_variant"])
print("chr20 F1", f1_score(held_out["is_true_variant"], model.predict(held_out[FEATURES])))
