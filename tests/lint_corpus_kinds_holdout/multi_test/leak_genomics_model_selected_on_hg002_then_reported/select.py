import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.metrics import f1_score

FEATURES = ["dp", "gq", "vaf"]
hg001 = pd.read_csv("hg001.tsv", sep="\t")
hg002 = pd.read_csv("hg002.tsv", sep="\t")
results = []
for model in (RandomForestClassifier(), ExtraTreesClassifier()):
    model.fit(hg001[FEATURES], hg001["truth"])
    results.append((f1_score(hg002["truth"], model.predict(hg002[FEATURES])), type(model).__name__))
f1, name = max(results)
print(f"HG002 F1 of the best model ({name}): {f1:.4f}")
