import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from prep import fit_scaler

COLS = ["a", "b", "c"]
frame = pd.read_csv("data.csv")
train, test = train_test_split(frame, test_size=0.2, random_state=0)
scaler = fit_scaler(train, COLS)
svc = SVC().fit(scaler.transform(train[COLS]), train["y"])
print(svc.score(scaler.transform(test[COLS]), test["y"]))
