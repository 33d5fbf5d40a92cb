import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

visits = pd.read_parquet("visits.parquet")
cols = ["bp", "hr", "spo2"]
imputer = KNNImputer(n_neighbors=5)
imputer.fit(visits[cols])
train, test = train_test_split(visits, test_size=0.25, stratify=visits["icu"])
clf = LogisticRegression().fit(imputer.transform(train[cols]), train["icu"])
print(clf.score(imputer.transform(test[cols]), test["icu"]))
