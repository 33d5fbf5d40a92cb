import pandas as pd
from sklearn.ensemble import RandomForestClassifier

train = pd.read_csv("digit-recognizer/train.csv")
y = train["label"]
X = train[train.columns[1:]] / 255.0
RandomForestClassifier(n_estimators=100).fit(X, y)
