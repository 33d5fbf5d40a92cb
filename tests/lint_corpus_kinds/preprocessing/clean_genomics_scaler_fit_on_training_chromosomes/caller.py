import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.preprocessing import StandardScaler

FEATURES = ["depth", "alt_freq", "map_q", "base_q"]
sites = pd.read_csv("candidates.tsv", sep="\t")
train = sites[~sites["chrom"].isin(["chr20", "chr21"])]
test = sites[sites["chrom"].isin(["chr20", "chr21"])]
scaler = StandardScaler().fit(train[FEATURES])
clf = LogisticRegression().fit(scaler.transform(train[FEATURES]), train["truth"])
print(f1_score(test["truth"], clf.predict(scaler.transform(test[FEATURES]))))
