import pandas as pd
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier

seeds = pd.read_csv("seeds.csv")
target = "variety"
numeric = seeds.select_dtypes("number").columns.tolist()
cols = numeric + [target]
seeds[target] = seeds[target].astype("category").cat.codes
scores = cross_val_score(KNeighborsClassifier(5), seeds[cols], seeds[target], cv=5)
print(scores.mean())
